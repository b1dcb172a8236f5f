import * as vscode from 'vscode';
import type { ResumeRecord } from '../../core/aws';
import { acknowledgedBytes } from '../../core/aws/s3/resume';
import type { SessionStore } from '../../secrets/sessionStore';
import type { Log } from '../log/log';
import { reportFailure } from '../shared/registerCommand';
import { count, formatBytes, plural } from './format';
import type { ResumableUploads } from './resumableUploads';
import type { S3UiHolder } from './s3Ui';
import type { Uploads } from './uploader';

export interface ResumeOfferDeps {
  store: SessionStore;
  resumable: ResumableUploads;
  uploader: Uploads;
  ui: S3UiHolder;
  log: Log;
}

/**
 * Offers *Resume* for interrupted uploads once the chain they were made with is signed in: at start-up (a reload
 * in the middle of an upload) and whenever a chain signs in again (an expired session). An upload is offered once
 * per sign-in; one that failed while its session was live was already offered by the upload's own summary.
 */
export class ResumeOffer implements vscode.Disposable {
  private readonly offered = new Set<string>();
  /** Chains with a live session at the last look: a chain that turns live again gets its uploads offered again. */
  private liveChains = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly d: ResumeOfferDeps) {
    this.subscriptions = [
      d.store.onDidChangeSessions(() => this.check()),
      d.resumable.onDidChange(() => {
        for (const r of d.resumable.all()) if (this.live(r)) this.offered.add(r.uploadId);
      }),
    ];
    void d.store.restored.then(() => this.check());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private live(r: ResumeRecord): boolean {
    return r.chainName !== undefined && r.stepIndex !== undefined && this.d.store.get(r.chainName)?.steps[r.stepIndex] !== undefined;
  }

  private check(): void {
    const live = new Set(this.d.store.all().map((s) => s.chainName));
    for (const r of this.d.resumable.all()) {
      if (r.chainName !== undefined && live.has(r.chainName) && !this.liveChains.has(r.chainName)) this.offered.delete(r.uploadId);
    }
    this.liveChains = live;
    const due = this.d.resumable.all().filter((r) => this.live(r) && !this.offered.has(r.uploadId));
    if (due.length === 0) return;
    for (const r of due) this.offered.add(r.uploadId);
    const done = due.reduce((n, r) => n + acknowledgedBytes(r), 0);
    const total = due.reduce((n, r) => n + r.size, 0);
    const what = due.length === 1 && due[0] ? `The interrupted upload of ${due[0].key}` : `${plural(due.length, 'interrupted upload')}`;
    this.d.log.info(`${what} can be resumed: ${formatBytes(done)} of ${formatBytes(total)} are already in S3.`);
    const message =
      due.length === 1 && due[0]
        ? vscode.l10n.t('The interrupted upload of {0} can be resumed: {1} of {2} are already in S3.', due[0].key, formatBytes(done), formatBytes(total))
        : vscode.l10n.t('{0} interrupted uploads can be resumed: {1} of {2} are already in S3.', count(due.length), formatBytes(done), formatBytes(total));
    const resume = vscode.l10n.t('Resume');
    void this.d.ui.ui.notify('info', message, resume, vscode.l10n.t('Later')).then((choice) => {
      if (choice !== resume) return;
      this.d.uploader.resume(due).catch((e: unknown) => reportFailure(this.d.log, 'roleChains.s3.resumeUploads', e));
    });
  }
}
