import * as vscode from 'vscode';
import { acknowledgedBytes } from '../../../core/aws/s3/resume';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes } from '../format';
import type { S3CommandDeps } from './deps';

/** Resume Interrupted Uploads…: picks among the uploads this editor remembers and resumes them. */
export function registerResumeUploads(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.resumeUploads', async () => {
    const records = d.resumable.all();
    if (records.length === 0) {
      void d.ui.ui.notify('info', vscode.l10n.t('No interrupted upload to resume.'));
      return undefined;
    }
    const items = records.map((record) => ({
      label: s3Uri(record.bucket, record.key),
      description: vscode.workspace.asRelativePath(record.localPath),
      detail: vscode.l10n.t(
        '{0} of {1} already in S3 · {2} step {3}',
        formatBytes(acknowledgedBytes(record)),
        formatBytes(record.size),
        record.chainName ?? vscode.l10n.t('unknown chain'),
        (record.stepIndex ?? 0) + 1,
      ),
      picked: true,
      record,
    }));
    const picked = await d.ui.ui.showQuickPick(items, { title: vscode.l10n.t('Resume interrupted uploads'), canPickMany: true, matchOnDescription: true });
    const chosen = (Array.isArray(picked) ? picked : picked ? [picked] : []) as typeof items;
    if (chosen.length === 0) return undefined;
    return d.uploader.resume(chosen.map((i) => i.record));
  });
}
