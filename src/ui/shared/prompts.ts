import * as vscode from 'vscode';
import type { ChainPrompts, PromptContext } from '../../core/aws';
import { validateExternalId, validateMfaCode } from '../../core/validation';

/** `prod-deploy — step 2/3: ExternalId for role/Deployer (333333333333)` */
export function externalIdTitle(ctx: PromptContext): string {
  return vscode.l10n.t('{0}: ExternalId for {1} ({2})', stepTitle(ctx), roleResource(ctx.roleArn), ctx.account);
}

/** `prod-deploy — step 1/2: MFA code for arn:aws:iam::111111111111:mfa/alice` */
export function mfaTitle(ctx: PromptContext): string {
  return vscode.l10n.t('{0}: MFA code for {1}', stepTitle(ctx), ctx.mfaSerial ?? roleResource(ctx.roleArn));
}

/**
 * Password boxes for the answers a chain needs. They stay open when focus moves (people switch windows to copy an
 * ExternalId or read a token) and close if the run is cancelled. `undefined` means the person cancelled.
 */
export function createPrompts(token?: vscode.CancellationToken): ChainPrompts {
  return {
    externalId: (ctx) =>
      Promise.resolve(
        vscode.window.showInputBox(
          {
            title: externalIdTitle(ctx),
            prompt: vscode.l10n.t('The ExternalId agreed with the owner of account {0}. It is used for this run only.', ctx.account),
            password: true,
            ignoreFocusOut: true,
            validateInput: (value) => validateExternalId(value),
          },
          token,
        ),
      ),
    mfaCode: (ctx) =>
      Promise.resolve(
        vscode.window.showInputBox(
          {
            title: mfaTitle(ctx),
            prompt: vscode.l10n.t('The 6-digit code your MFA device shows now.'),
            placeHolder: '123456',
            password: true,
            ignoreFocusOut: true,
            validateInput: (value) => validateMfaCode(value),
          },
          token,
        ),
      ),
  };
}

/**
 * Where runs get their prompts: the input boxes, or answers injected by the integration tests (which run inside a
 * real extension host and cannot type into VS Code's input boxes from there).
 */
export class PromptSource {
  private override: ChainPrompts | undefined;

  setOverride(prompts: ChainPrompts | undefined): void {
    this.override = prompts;
  }

  /** A silent run (background refresh) gets prompts that answer nothing: it fails as cancelled rather than ask. */
  forRun(token?: vscode.CancellationToken, options: { silent?: boolean } = {}): ChainPrompts {
    if (options.silent) return NO_PROMPTS;
    return this.override ?? createPrompts(token);
  }
}

const NO_PROMPTS: ChainPrompts = {
  externalId: () => Promise.resolve(undefined),
  mfaCode: () => Promise.resolve(undefined),
};

function stepTitle(ctx: PromptContext): string {
  return vscode.l10n.t('{0} — step {1}/{2}', ctx.chainName, ctx.stepIndex + 1, ctx.stepCount);
}

/** `arn:aws:iam::333333333333:role/teams/Deployer` → `role/teams/Deployer` */
function roleResource(roleArn: string): string {
  const at = roleArn.indexOf(':role/');
  return at >= 0 ? roleArn.slice(at + 1) : roleArn;
}
