import * as vscode from 'vscode';
import type { IncompleteUpload } from '../../../core/aws';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { count, formatBytes, formatDate, plural } from '../format';
import { abortOnCancel } from '../progress';
import { asBucketRef } from '../refs';
import type { S3CommandDeps } from './deps';

type UploadItem = vscode.QuickPickItem & { upload: IncompleteUpload };

/** "3 h ago", "2 days ago": how long an upload's parts have been kept. */
function age(initiated: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - initiated) / 60_000));
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.round(minutes / 60);
  return hours < 48 ? vscode.l10n.t('{0} h ago', hours) : vscode.l10n.t('{0} days ago', Math.round(hours / 24));
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
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing incomplete uploads in {0}', where), cancellable: true },
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
      void d.ui.ui.notify('info', vscode.l10n.t('{0} has no incomplete multipart uploads.', where));
      return { aborted: 0 };
    }
    const now = d.clock.now();
    const items: UploadItem[] = listed.uploads.map((upload) => ({
      label: upload.key,
      description: `${age(upload.initiated, now)} · ${upload.bytes === undefined ? vscode.l10n.t('size unknown') : formatBytes(upload.bytes)}`,
      detail:
        upload.parts === undefined
          ? vscode.l10n.t('Started {0}', formatDate(upload.initiated))
          : upload.parts === 1
            ? vscode.l10n.t('Started {0}, 1 part', formatDate(upload.initiated))
            : vscode.l10n.t('Started {0}, {1} parts', formatDate(upload.initiated), count(upload.parts)),
      upload,
    }));
    const picked = await d.ui.ui.showQuickPick(items, {
      title: listed.truncated ? vscode.l10n.t('Incomplete uploads in {0} (the oldest 1,000)', where) : vscode.l10n.t('Incomplete uploads in {0}', where),
      placeHolder: vscode.l10n.t('Pick the uploads to abort: their parts are deleted and they can no longer be resumed'),
      canPickMany: true,
      matchOnDescription: true,
    });
    const chosen = (Array.isArray(picked) ? picked : picked ? [picked] : []) as UploadItem[];
    if (chosen.length === 0) return { aborted: 0 };
    const bytes = chosen.reduce((n, i) => n + (i.upload.bytes ?? 0), 0);
    const sure = await d.ui.ui.confirm(
      chosen.length === 1 ? vscode.l10n.t('Abort 1 incomplete upload in {0}?', where) : vscode.l10n.t('Abort {0} incomplete uploads in {1}?', count(chosen.length), where),
      vscode.l10n.t('Their parts ({0}) are deleted from S3, and they cannot be resumed.', formatBytes(bytes)),
      vscode.l10n.t('Abort Uploads'),
    );
    if (!sure) return { aborted: 0 };
    const outcome = await handle.aws.abortIncompleteUploads(handle.client, ref.bucket, chosen.map((i) => i.upload));
    for (const id of outcome.aborted) await d.resumable.remove(id);
    for (const f of outcome.failed) d.log.warn(`Could not abort the upload of ${s3Uri(ref.bucket, f.key)}: ${f.reason}`);
    d.log.info(`Aborted ${outcome.aborted.length} of ${plural(chosen.length, 'upload')} in ${where}`);
    const message = outcome.failed.length
      ? vscode.l10n.t('Aborted {0} of {1} uploads in {2}; {3}', count(outcome.aborted.length), count(chosen.length), where, outcome.failed[0]?.reason ?? '')
      : outcome.aborted.length === 1
        ? vscode.l10n.t('Aborted 1 incomplete upload in {0}.', where)
        : vscode.l10n.t('Aborted {0} incomplete uploads in {1}.', count(outcome.aborted.length), where);
    void d.ui.ui.notify(outcome.failed.length ? 'warning' : 'info', message);
    return { aborted: outcome.aborted.length };
  });
}
