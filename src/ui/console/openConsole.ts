import * as vscode from 'vscode';
import { formatTimeLeft } from '../../core/session';
import { splitRoleArn } from '../../core/roleArn';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps, StepArg } from '../services';
import { chainArg, sessionOrRun, stepIndexOf } from '../shared/pickChain';

/**
 * Open AWS Console…: after a confirmation that names the role and warns that the link is a credential, asks the
 * federation endpoint for a sign-in token with the step's session and opens the login URL in the browser. The URL
 * goes only to the browser: the log gets a description without the token.
 */
export function registerOpenConsole(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.console.open', async (arg?: StepArg) => {
    const chain = await chainArg(d, arg, vscode.l10n.t('Open AWS Console'));
    if (!chain) return;
    const stepIndex = stepIndexOf(arg, chain);
    const endpoint = d.settings.federationEndpoint();
    const session = await sessionOrRun(d, chain);
    if (!session) return;
    const step = session.steps[stepIndex];
    // The role the session holds, which is what the link signs in as (the store only hands out matching sessions).
    const role = splitRoleArn(step?.roleArn ?? '');
    const confirmed = await d.ui.ui.confirm(
      vscode.l10n.t('Open the AWS console as {0} (account {1})?', role.name, role.account),
      vscode.l10n.t(
        "{0} step {1}/{2}: VS Code asks {3} for a sign-in link made from this step's temporary credentials and opens it in your browser.",
        chain.name,
        stepIndex + 1,
        chain.steps.length,
        endpoint ?? vscode.l10n.t('the AWS sign-in endpoint'),
      ) +
        ' ' +
        vscode.l10n.t('The link is a credential: anyone who gets it in the next 15 minutes can use the console as this role, so do not paste or share it.') +
        (step && stepIndex > 0
          ? ` ${vscode.l10n.t('The console session ends when this role session does (role chaining: {0} left).', formatTimeLeft(step.expiresAt - d.clock.now()))}`
          : ''),
      vscode.l10n.t('Open Console'),
    );
    if (!confirmed) return;
    const signIn = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Console sign-in for {0}', chain.name) }, async () =>
      (await d.loadAws()).consoleSignInUrl(session, stepIndex, { ...(endpoint ? { federationEndpoint: endpoint } : {}), clock: d.clock }),
    );
    d.log.info(signIn.description);
    const opened = await d.ui.ui.openExternal(vscode.Uri.parse(signIn.url));
    if (!opened) void d.ui.ui.notify('warning', vscode.l10n.t('The browser did not open the console sign-in link for {0}.', role.name));
  });
}
