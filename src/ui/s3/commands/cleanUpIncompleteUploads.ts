import * as vscode from 'vscode';
import type { IncompleteUpload } from '../../../core/aws';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes, formatDate, plural } from '../format';
import { abortOnCancel } from '../progress';
import { asBucketRef } from '../refs';
import type { S3CommandDeps } from './deps';

type UploadItem = vscode.QuickPickItem & { upload: IncompleteUpload };

/** "3 h ago", "2 days ago": how long an upload's parts have been kept. */
function age(initiated: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - initiated) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/**
 * Clean Up Incomplete Uploads… on a bucket: lists the multipart uploads S3 keeps for it (started, never completed
 * or aborted) with their age and size, and aborts the ones picked, which frees their parts.
 */
export function registerCleanUpIncompleteUploads(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.cleanUpIncompleteUploads', async (arg?: unknown) => {
    const ref = asBucketRef(arg);
    if (!ref) return undefined;
    const where = s3Uri(ref.bucket);
    const handle = await d.sessions.open(ref);
    const listed = await d.ui.ui.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Listing incomplete uploads in ${where}`, cancellable: true },
      async (_progress, token) => {
        const cancel = abortOnCancel(token);
        try {
          return await handle.aws.listIncompleteUploads(handle.client, { bucket: ref.bucket, signal: cancel.signal });
        } finally {
          cancel.dispose();
        }
      },
    );
    if (listed.uploads.length === 0) {
      void d.ui.ui.notify('info', `${where} has no incomplete multipart uploads.`);
      return { aborted: 0 };
    }
    const now = d.clock.now();
    const items: UploadItem[] = listed.uploads.map((upload) => ({
      label: upload.key,
      description: `${age(upload.initiated, now)} · ${upload.bytes === undefined ? 'size unknown' : formatBytes(upload.bytes)}`,
      detail: `Started ${formatDate(upload.initiated)}${upload.parts === undefined ? '' : `, ${plural(upload.parts, 'part')}`}`,
      upload,
    }));
    const picked = await d.ui.ui.showQuickPick(items, {
      title: `Incomplete uploads in ${where}${listed.truncated ? ' (the oldest 1,000)' : ''}`,
      placeHolder: 'Pick the uploads to abort: their parts are deleted and they can no longer be resumed',
      canPickMany: true,
      matchOnDescription: true,
    });
    const chosen = (Array.isArray(picked) ? picked : picked ? [picked] : []) as UploadItem[];
    if (chosen.length === 0) return { aborted: 0 };
    const bytes = chosen.reduce((n, i) => n + (i.upload.bytes ?? 0), 0);
    const sure = await d.ui.ui.confirm(
      `Abort ${plural(chosen.length, 'incomplete upload')} in ${where}?`,
      `Their parts (${formatBytes(bytes)}) are deleted from S3, and they cannot be resumed.`,
      'Abort Uploads',
    );
    if (!sure) return { aborted: 0 };
    const outcome = await handle.aws.abortIncompleteUploads(handle.client, ref.bucket, chosen.map((i) => i.upload));
    for (const id of outcome.aborted) await d.resumable.remove(id);
    for (const f of outcome.failed) d.log.warn(`Could not abort the upload of ${s3Uri(ref.bucket, f.key)}: ${f.reason}`);
    const message = outcome.failed.length
      ? `Aborted ${outcome.aborted.length} of ${plural(chosen.length, 'upload')} in ${where}; ${outcome.failed[0]?.reason ?? ''}`
      : `Aborted ${plural(outcome.aborted.length, 'incomplete upload')} in ${where}.`;
    d.log.info(message);
    void d.ui.ui.notify(outcome.failed.length ? 'warning' : 'info', message);
    return { aborted: outcome.aborted.length };
  });
}
