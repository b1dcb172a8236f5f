import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResumeRecord, UploadBatchResult } from '../../core/aws';
import type { Clock } from '../../core/clock';
import { RoleChainError } from '../../core/errors';
import { parentPrefix, s3Uri } from '../../core/s3Keys';
import type { BatchProgressReport } from '../../core/batchProgress';
import type { TransferProblem, UploadItem } from '../../core/transfer';
import { expandUploadSources } from '../../core/uploadSources';
import { validateBucketName } from '../../core/validation';
import type { Log } from '../log/log';
import { reportFailure } from '../shared/registerCommand';
import type { BucketMemory } from './bucketMemory';
import { count as formatCount, formatBytes, plural } from './format';
import { abortOnCancel, percentReporter } from './progress';
import type { ContainerRef } from './refs';
import type { S3Sessions } from './s3Sessions';
import type { ResumableUploads } from './resumableUploads';
import type { S3TreeProvider } from './s3Tree';
import type { S3UiHolder } from './s3Ui';

export interface UploaderDeps {
  sessions: S3Sessions;
  tree: S3TreeProvider;
  ui: S3UiHolder;
  memory: BucketMemory;
  log: Log;
  clock: Clock;
  resumable: ResumableUploads;
}

/** What an upload did, for callers that continue (tests, Retry). */
export interface UploadOutcome {
  target: ContainerRef;
  result: UploadBatchResult;
  /** Sources that could not be planned (unreadable, broken links, pipes…): reported, never fatal. */
  problems: TransferProblem[];
  /** Links leading out of the chosen folder: skipped, never read, named in the summary. */
  linksOutside?: Array<{ path: string; target: string }>;
}

/** The summary's buttons, in the window's language (a choice comes back as its label). */
function actions(): { retry: string; resume: string; copyUri: string; showLog: string } {
  return { retry: vscode.l10n.t('Retry Failed'), resume: vscode.l10n.t('Resume'), copyUri: vscode.l10n.t('Copy S3 URI'), showLog: vscode.l10n.t('Show Log') };
}

/**
 * The one upload path behind the Explorer's *Upload to S3…*, *Upload Files…/Folder…* on a bucket or folder and
 * drag and drop: local files and folders → keys under the target prefix → one cancellable progress notification for
 * the batch → the tree refreshed and a summary (Copy S3 URI, or the failures with Retry Failed).
 */
/** What the rest of the S3 feature calls: the Uploader itself is built in the S3 actions' bundle on first use. */
export type Uploads = Pick<Uploader, 'uploadToS3' | 'resume'>;

export class Uploader {
  constructor(private readonly d: UploaderDeps) {}

  async uploadToS3(target: ContainerRef, uris: readonly vscode.Uri[]): Promise<UploadOutcome | undefined> {
    const bucketProblem = validateBucketName(target.bucket);
    if (bucketProblem) throw new RoleChainError('validation', vscode.l10n.t('Bucket "{0}": {1}', target.bucket, bucketProblem));
    // The prefix as the row listed it (or as pickPrefix normalised what was typed): a drop on the blank folder 'a//'
    // goes into 'a//', not 'a/'.
    const { prefix } = target;
    if (prefix !== '' && !prefix.endsWith('/')) throw new RoleChainError('validation', vscode.l10n.t('"{0}" is not a folder: a prefix ends in "/".', prefix));
    const to: ContainerRef = { ...target, prefix };
    const problems: TransferProblem[] = [];
    const paths: string[] = [];
    for (const uri of uris) {
      if (uri.scheme === 'file') paths.push(uri.fsPath);
      else problems.push({ path: uri.toString(), reason: vscode.l10n.t('only files on this machine can be uploaded (not {0}: resources)', uri.scheme) });
    }
    if (uris.length === 0) return undefined;

    // A lost session is dealt with (re-run offered) before any work; nothing is read or sent without one.
    await this.d.sessions.open(to);
    const planned = await expandUploadSources(paths, prefix);
    problems.push(...planned.problems);
    for (const p of planned.problems) this.d.log.warn(`Upload: ${p.path}: ${p.reason}`);
    for (const link of planned.linksInside) this.d.log.info(`Upload: ${link} left out: a link to a file or folder uploaded where it is`);
    const { linksOutside } = planned;
    for (const l of linksOutside) this.d.log.warn(`Upload: ${l.path} skipped: a link to ${l.target}, outside the chosen folder`);
    if (planned.items.length === 0) {
      const why = problems[0]
        ? `${problems[0].path}: ${problems[0].reason}`
        : linksOutside.length
          ? vscode.l10n.t('only links leading out of the folder')
          : vscode.l10n.t('the folders are empty');
      const message = vscode.l10n.t('Nothing to upload to {0}: {1}{2}.', s3Uri(to.bucket, prefix), why, linksSkipped(linksOutside));
      const { showLog } = actions();
      void this.d.ui.ui.notify('warning', message, showLog).then((c) => c === showLog && this.d.log.show());
      return { target: to, result: { uploaded: [], skipped: [], failed: [], cancelled: false, notUploaded: [] }, problems, linksOutside };
    }
    await this.d.memory.setLastPrefix(to.bucket, prefix);
    return this.runBatch(to, planned.items, problems, linksOutside);
  }

  /**
   * Resumes interrupted uploads: each goes back to its bucket and key from the same session step, and the engine
   * sends only the parts S3 does not hold (or starts over, for a file that changed).
   */
  async resume(records: readonly ResumeRecord[]): Promise<UploadOutcome[]> {
    const groups = new Map<string, { target: ContainerRef; items: UploadItem[] }>();
    for (const r of records) {
      if (r.chainName === undefined || r.stepIndex === undefined) continue;
      const id = JSON.stringify([r.chainName, r.stepIndex, r.bucket]);
      const group = groups.get(id) ?? { target: { chainName: r.chainName, stepIndex: r.stepIndex, bucket: r.bucket, prefix: parentPrefix(r.key) }, items: [] };
      group.items.push({ localPath: r.localPath, key: r.key, size: r.size });
      // The folder the summary names and the tree refreshes: the one all of the group's keys share.
      while (!r.key.startsWith(group.target.prefix)) group.target = { ...group.target, prefix: parentPrefix(group.target.prefix) };
      groups.set(id, group);
    }
    const outcomes: UploadOutcome[] = [];
    for (const { target, items } of groups.values()) outcomes.push(await this.runBatch(target, items, []));
    return outcomes;
  }

  /** Uploads planned items (a first batch, or the failed ones again) and reports the outcome. */
  private async runBatch(
    target: ContainerRef,
    items: readonly UploadItem[],
    problems: TransferProblem[],
    linksOutside: UploadOutcome['linksOutside'] = [],
  ): Promise<UploadOutcome> {
    const handle = await this.d.sessions.open(target);
    const { ui } = this.d.ui;
    const where = s3Uri(target.bucket, target.prefix);
    const total = items.reduce((n, i) => n + i.size, 0);
    this.d.log.info(`Uploading ${plural(items.length, 'file')} (${formatBytes(total)}) to ${where} as ${handle.step.assumedRoleArn}, SSE ${handle.sse.mode}`);
    let result: UploadBatchResult;
    try {
      result = await ui.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading to {0}', where), cancellable: true },
        async (progress, token) => {
          const cancel = abortOnCancel(token);
          // The core already throttles its reports to ~10 a second.
          const report = percentReporter(progress, this.d.clock, 0);
          try {
            return await handle.aws.uploadBatch({
              items,
              bucket: target.bucket,
              sse: handle.sse,
              client: handle.client,
              signal: cancel.signal,
              clock: this.d.clock,
              chainName: target.chainName,
              decideOverwrite: (key) => Promise.resolve(ui.askOverwrite(s3Uri(target.bucket, key))),
              resume: this.d.resumable,
              owner: { chainName: target.chainName, stepIndex: target.stepIndex },
              onProgress: (p) => {
                const percent = percentOf(p);
                report(percent, progressMessage(p, percent));
              },
            });
          } finally {
            cancel.dispose();
          }
        },
      );
    } finally {
      this.d.tree.refreshAround(target);
    }
    const outcome: UploadOutcome = { target, result, problems, linksOutside };
    this.summarise(outcome, items.length);
    return outcome;
  }

  private summarise({ target, result, problems, linksOutside = [] }: UploadOutcome, count: number): void {
    const { ui } = this.d.ui;
    const { retry: RETRY, resume: RESUME, copyUri: COPY_URI, showLog: SHOW_LOG } = actions();
    const where = s3Uri(target.bucket, target.prefix);
    const uploaded = result.uploaded.length;
    const kept = result.skipped.length;
    const skipped = kept === 0 ? '' : kept === 1 ? vscode.l10n.t(', 1 existing object kept') : vscode.l10n.t(', {0} existing objects kept', formatCount(kept));
    for (const f of result.failed) this.d.log.warn(`Upload failed: ${f.localPath} → ${s3Uri(target.bucket, f.key)}: ${f.reason}`);

    const retryable: UploadItem[] = [
      ...result.failed.filter((f) => f.key !== '').map((f) => ({ localPath: f.localPath, key: f.key, size: f.size })),
      ...result.notUploaded,
    ];
    const retry = (): void => {
      this.runBatch(target, retryable, []).catch((e: unknown) => reportFailure(this.d.log, 'roleChains.s3.upload', e));
    };

    if (result.cancelled) {
      const message = vscode.l10n.t('Upload to {0} cancelled: {1} uploaded{2}, {3} not uploaded.', where, files(uploaded), skipped, result.notUploaded.length);
      void ui.notify('info', message, ...(retryable.length ? [RETRY] : [])).then((c) => c === RETRY && retry());
      return;
    }
    const failures = [...result.failed.map((f) => `${f.key || f.localPath}: ${f.reason}`), ...problems.map((p) => `${p.path}: ${p.reason}`)];
    if (failures.length === 0) {
      const single = result.uploaded.length === 1 ? result.uploaded[0] : undefined;
      const uri = single ? s3Uri(target.bucket, single.key) : where;
      const message = vscode.l10n.t('Uploaded {0} to {1}{2}{3}.', files(uploaded), where, skipped, linksSkipped(linksOutside));
      this.d.log.info(`Uploaded ${plural(uploaded, 'file')} to ${where}${kept ? `, ${plural(kept, 'existing object')} kept` : ''}`);
      void ui.notify(linksOutside.length ? 'warning' : 'info', message, COPY_URI).then((c) => {
        if (c === COPY_URI) void vscode.env.clipboard.writeText(uri);
      });
      return;
    }
    const more = failures.length > 1 ? vscode.l10n.t(' (and {0} more: see the log)', failures.length - 1) : '';
    const message = vscode.l10n.t(
      'Uploaded {0} of {1} to {2}{3}; {4} could not be uploaded: {5}{6}{7}',
      uploaded,
      files(count),
      where,
      skipped,
      failures.length,
      failures[0] ?? '',
      more,
      linksSkipped(linksOutside),
    );
    // Trying again resumes what was kept, so the button says so when every failure can be resumed.
    const again = result.failed.length > 0 && result.failed.every((f) => f.resumable) ? RESUME : RETRY;
    void ui.notify('warning', message, ...(retryable.length ? [again] : []), SHOW_LOG).then((c) => {
      if (c === RETRY || c === RESUME) retry();
      else if (c === SHOW_LOG) this.d.log.show();
    });
  }
}

/** `; 2 links leading out of the folder skipped: favicon.ico, assets` (names only: where they lead is in the log). */
function linksSkipped(links: NonNullable<UploadOutcome['linksOutside']>): string {
  if (links.length === 0) return '';
  const names = links.slice(0, 5).map((l) => path.basename(l.path));
  const more = links.length > names.length ? vscode.l10n.t(' and {0} more (see the log)', links.length - names.length) : '';
  return links.length === 1
    ? vscode.l10n.t('; 1 link leading out of the folder skipped: {0}{1}', names.join(', '), more)
    : vscode.l10n.t('; {0} links leading out of the folder skipped: {1}{2}', formatCount(links.length), names.join(', '), more);
}

/** "1 file", "12 files": each form its own message, for languages with other plural rules. */
function files(n: number): string {
  return n === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', formatCount(n));
}

function percentOf(p: BatchProgressReport): number {
  if (p.bytesTotal > 0) return (p.bytesDone / p.bytesTotal) * 100;
  return p.filesTotal > 0 ? (p.filesDone / p.filesTotal) * 100 : 100;
}

/** `3/10 files · 12 MB of 40 MB (30%)` */
function progressMessage(p: BatchProgressReport, percent: number): string {
  return vscode.l10n.t('{0}/{1} files · {2} of {3} ({4}%)', p.filesDone, p.filesTotal, formatBytes(p.bytesDone), formatBytes(p.bytesTotal), Math.floor(percent));
}
