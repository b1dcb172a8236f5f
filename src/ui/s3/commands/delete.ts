import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { parentPrefix, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { count as counted, formatBytes } from '../format';
import { abortOnCancel, percentReporter } from '../progress';
import { asContainerRef, asObjectRef, type ContainerRef, type ObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Delete…: an object, or everything under a folder (counted first, then deleted 1,000 keys per request). */
export function registerDelete(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.delete', async (arg?: unknown) => {
    const object = asObjectRef(arg);
    if (object) return deleteObject(d, object);
    const folder = asContainerRef(arg);
    if (folder) return deleteFolder(d, folder);
  });
}

/** "1 object", "1,234 objects": each form its own message, for languages with other plural rules. */
function objects(n: number): string {
  return n === 1 ? vscode.l10n.t('1 object') : vscode.l10n.t('{0} objects', counted(n));
}

async function deleteObject(d: S3CommandDeps, ref: ObjectRef): Promise<void> {
  const where = s3Uri(ref.bucket, ref.key);
  const handle = await d.sessions.open(ref);
  const sure = await d.ui.ui.confirm(
    vscode.l10n.t('Delete {0}?', where),
    vscode.l10n.t('The object is removed from S3. Unless the bucket keeps versions, this cannot be undone.'),
    vscode.l10n.t('Delete'),
  );
  if (!sure) return;
  try {
    await handle.aws.deleteObject(handle.client, ref.bucket, ref.key);
  } finally {
    d.tree.refreshAround({ ...ref, prefix: parentPrefix(ref.key) });
  }
  d.log.info(`Deleted ${where}`);
  vscode.window.setStatusBarMessage(`$(trash) ${vscode.l10n.t('Deleted {0}', where)}`, 5000);
}

async function deleteFolder(d: S3CommandDeps, ref: ContainerRef): Promise<void> {
  if (ref.prefix === '') throw new RoleChainError('validation', vscode.l10n.t("Deleting a whole bucket's contents is not offered: delete its folders one by one."));
  const where = s3Uri(ref.bucket, ref.prefix);
  const handle = await d.sessions.open(ref);
  const count = await d.ui.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Counting the objects under {0}', where), cancellable: true },
    async (_progress, token) => {
      const cancel = abortOnCancel(token);
      try {
        return await handle.aws.countPrefix(handle.client, { bucket: ref.bucket, prefix: ref.prefix, signal: cancel.signal });
      } finally {
        cancel.dispose();
      }
    },
  );
  const parent = { ...ref, prefix: parentPrefix(ref.prefix) };
  if (count.objects === 0) {
    d.tree.refreshAround(parent);
    void d.ui.ui.notify('info', vscode.l10n.t('Nothing is left under {0}.', where));
    return;
  }
  const sure = await d.ui.ui.confirm(
    vscode.l10n.t('Delete {0} ({1}) under {2}?', objects(count.objects), formatBytes(count.bytes), where),
    vscode.l10n.t('Every object whose key starts with this folder is removed from S3. Unless the bucket keeps versions, this cannot be undone.'),
    vscode.l10n.t('Delete'),
  );
  if (!sure) return;
  let result;
  try {
    result = await d.ui.ui.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}', where), cancellable: true },
      async (progress, token) => {
        const cancel = abortOnCancel(token);
        const report = percentReporter(progress, d.clock);
        try {
          return await handle.aws.deletePrefix(handle.client, {
            bucket: ref.bucket,
            prefix: ref.prefix,
            signal: cancel.signal,
            onProgress: (deleted) => report((deleted / count.objects) * 100, vscode.l10n.t('{0} of {1}', deleted.toLocaleString('en-US'), count.objects.toLocaleString('en-US'))),
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } finally {
    d.tree.refreshAround(parent);
  }
  for (const e of result.errors) d.log.warn(`Delete: ${s3Uri(ref.bucket, e.key)}: ${e.code} ${e.message}`);
  if (result.errors.length > 0) {
    const first = result.errors[0];
    void d.ui.ui.notify(
      'warning',
      vscode.l10n.t('Deleted {0} under {1}; S3 refused {2}: {3}.', objects(result.deleted), where, result.errors.length, first ? `${first.key}: ${first.code}` : ''),
      vscode.l10n.t('Show Log'),
    ).then((c) => c && d.log.show());
  } else if (result.cancelled) {
    void d.ui.ui.notify('info', vscode.l10n.t('Delete of {0} stopped after {1}.', where, objects(result.deleted)));
  } else {
    d.log.info(`Deleted ${result.deleted} objects under ${where}`);
    vscode.window.setStatusBarMessage(`$(trash) ${vscode.l10n.t('Deleted {0} under {1}', objects(result.deleted), where)}`, 5000);
  }
}
