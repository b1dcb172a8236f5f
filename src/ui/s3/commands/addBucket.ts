import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { validateBucketName } from '../../../core/validation';
import { registerCommand } from '../../shared/registerCommand';
import { asRootRef, rootLabel } from '../refs';
import { stepWord } from '../stepWord';
import type { S3CommandDeps } from './deps';
import { pickRoot } from './pick';

/** Add Bucket by Name…: for roles that may not list buckets; remembered per chain in this workspace. */
export function registerAddBucket(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.addBucket', async (arg?: unknown) => {
    const root = asRootRef(arg) ?? (await pickRoot(d, vscode.l10n.t('Add Bucket by Name')));
    if (!root) return;
    const typed = await d.ui.ui.showInputBox({
      title: vscode.l10n.t('Add Bucket by Name ({0})', rootLabel(root, false, stepWord)),
      prompt: vscode.l10n.t('The bucket name; it is shown under every session of this chain in this workspace'),
      placeHolder: 'my-bucket',
      ignoreFocusOut: true,
      validateInput: (v) => validateBucketName(v.trim()),
    });
    if (typed === undefined) return;
    const bucket = typed.trim();
    const problem = validateBucketName(bucket);
    if (problem) throw new RoleChainError('validation', vscode.l10n.t('Bucket "{0}": {1}', bucket, problem));
    await d.memory.addBucket(root.chainName, bucket);
    d.tree.refreshChain(root.chainName);
  });
}
