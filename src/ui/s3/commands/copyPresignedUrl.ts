import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { s3Uri } from '../../../core/s3Keys';
import { formatTimeLeft } from '../../../core/session';
import { registerCommand } from '../../shared/registerCommand';
import { formatExpiry, parseExpiry } from '../expiry';
import { asObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';

const DEFAULT_SECONDS = 15 * 60;

/**
 * Copy Presigned URL: a GET link for the object, signed with the step's session. Its expiry is asked for and may not
 * outlive the session (the link would stop working when the session ends, whatever it says).
 */
export function registerCopyPresignedUrl(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.copyPresignedUrl', async (arg?: unknown) => {
    const ref = asObjectRef(arg);
    if (!ref) return;
    const handle = await d.sessions.open(ref);
    const { aws, step } = handle;
    const sessionEnd = step.expiresAt;
    const max = aws.maxPresignSeconds(sessionEnd, d.clock);
    if (max < 1) throw new RoleChainError('expired-credentials', vscode.l10n.t('The session of {0} has ended: run the chain again to sign a URL.', ref.chainName));
    const validate = (value: string): string | undefined => {
      const seconds = parseExpiry(value);
      if (seconds === undefined) return vscode.l10n.t('Enter minutes (15 or 15m), seconds (90s) or hours (1h).');
      return aws.validatePresignExpiry(seconds, sessionEnd, d.clock);
    };
    const where = s3Uri(ref.bucket, ref.key);
    const typed = await d.ui.ui.showInputBox({
      title: vscode.l10n.t('Presigned URL for {0}', where),
      prompt: vscode.l10n.t('How long the link works: minutes (15), seconds (90s) or hours (1h); at most {0}, when the session ends', formatTimeLeft(max * 1000)),
      value: formatExpiry(Math.min(DEFAULT_SECONDS, max)),
      validateInput: validate,
    });
    if (typed === undefined) return;
    const problem = validate(typed);
    if (problem) throw new RoleChainError('validation', problem);
    const expiresIn = parseExpiry(typed) as number;
    const { url, expiresAt } = await aws.presignGetObject(handle.client, { bucket: ref.bucket, key: ref.key, expiresIn, sessionExpiresAt: sessionEnd, clock: d.clock });
    await vscode.env.clipboard.writeText(url);
    d.log.info(`Presigned URL for ${where} copied, valid ${expiresIn} s`);
    void d.ui.ui.notify('info', vscode.l10n.t('Presigned URL for {0} copied: it works for {1} (until {2}).', where, formatExpiry(expiresIn), new Date(expiresAt).toLocaleTimeString()));
  });
}
