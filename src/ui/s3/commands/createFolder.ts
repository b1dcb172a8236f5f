import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { normalizePrefix, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { asContainerRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { validatePrefix } from './pick';

/** Create Folder…: a zero-byte "name/" object in a bucket or folder, as the S3 console makes them. */
export function registerCreateFolder(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.createFolder', async (arg?: unknown) => {
    const ref = asContainerRef(arg);
    if (!ref) return;
    const handle = await d.sessions.open(ref);
    // Blank names ("  " or "a/ /b") are legal keys but never what someone meant.
    const validate = (value: string): string | undefined => {
      const names = value.split('/').filter((s) => s.length > 0);
      if (names.length === 0 || names.some((s) => s.trim() === '')) return vscode.l10n.t('Enter a folder name ("/" separates nested folders); names cannot be blank.');
      return validatePrefix(ref.prefix + value);
    };
    const name = await d.ui.ui.showInputBox({
      title: vscode.l10n.t('Create Folder in {0}', s3Uri(ref.bucket, ref.prefix)),
      prompt: vscode.l10n.t('Folder name ("/" separates nested folders)'),
      placeHolder: 'reports',
      validateInput: validate,
    });
    if (name === undefined) return;
    const problem = validate(name);
    if (problem) throw new RoleChainError('validation', problem);
    const { key } = await handle.aws.createFolder(handle.client, {
      bucket: ref.bucket,
      prefix: ref.prefix + normalizePrefix(name),
      sse: handle.sse,
      chainName: ref.chainName,
    });
    d.tree.refreshAround(ref);
    d.log.info(`Created ${s3Uri(ref.bucket, key)}`);
    vscode.window.setStatusBarMessage(`$(new-folder) ${vscode.l10n.t('Created {0}', s3Uri(ref.bucket, key))}`, 5000);
  });
}
