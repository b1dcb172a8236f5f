import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { parentPrefix, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes, plural } from '../format';
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

async function deleteObject(d: S3CommandDeps, ref: ObjectRef): Promise<void> {
  const where = s3Uri(ref.bucket, ref.key);
  const handle = await d.sessions.open(ref);
  const sure = await d.ui.ui.confirm(`Delete ${where}?`, 'The object is removed from S3. Unless the bucket keeps versions, this cannot be undone.', 'Delete');
  if (!sure) return;
  try {
    await handle.aws.deleteObject(handle.client, ref.bucket, ref.key);
  } finally {
    d.tree.refreshAround({ ...ref, prefix: parentPrefix(ref.key) });
  }
  d.log.info(`Deleted ${where}`);
  vscode.window.setStatusBarMessage(`$(trash) Deleted ${where}`, 5000);
}

async function deleteFolder(d: S3CommandDeps, ref: ContainerRef): Promise<void> {
  if (ref.prefix === '') throw new RoleChainError('validation', "Deleting a whole bucket's contents is not offered: delete its folders one by one.");
  const where = s3Uri(ref.bucket, ref.prefix);
  const handle = await d.sessions.open(ref);
  const count = await d.ui.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Counting the objects under ${where}`, cancellable: true },
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
    void d.ui.ui.notify('info', `Nothing is left under ${where}.`);
    return;
  }
  const sure = await d.ui.ui.confirm(
    `Delete ${plural(count.objects, 'object')} (${formatBytes(count.bytes)}) under ${where}?`,
    'Every object whose key starts with this folder is removed from S3. Unless the bucket keeps versions, this cannot be undone.',
    'Delete',
  );
  if (!sure) return;
  let result;
  try {
    result = await d.ui.ui.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting ${where}`, cancellable: true },
      async (progress, token) => {
        const cancel = abortOnCancel(token);
        const report = percentReporter(progress, d.clock);
        try {
          return await handle.aws.deletePrefix(handle.client, {
            bucket: ref.bucket,
            prefix: ref.prefix,
            signal: cancel.signal,
            onProgress: (deleted) => report((deleted / count.objects) * 100, `${deleted.toLocaleString('en-US')} of ${count.objects.toLocaleString('en-US')}`),
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
      `Deleted ${plural(result.deleted, 'object')} under ${where}; S3 refused ${result.errors.length}: ${first ? `${first.key}: ${first.code}` : ''}.`,
      'Show Log',
    ).then((c) => c && d.log.show());
  } else if (result.cancelled) {
    void d.ui.ui.notify('info', `Delete of ${where} stopped after ${plural(result.deleted, 'object')}.`);
  } else {
    d.log.info(`Deleted ${result.deleted} objects under ${where}`);
    vscode.window.setStatusBarMessage(`$(trash) Deleted ${plural(result.deleted, 'object')} under ${where}`, 5000);
  }
}
