import * as vscode from 'vscode';
import type { ResumeRecord, ResumeStore } from '../../core/aws';

const KEY = 'roleChains.s3.resumableUploads';
/** A bound on what is kept: the oldest records beyond it are dropped (their uploads stay listable for clean-up). */
const MAX_RECORDS = 200;

/**
 * Interrupted multipart uploads, kept in the extension's global state so a reload or another window can resume
 * them. Not secret (ids, names, sizes, part ETags), so not in SecretStorage. Writes are queued so concurrent parts
 * never overwrite each other's records.
 */
export class ResumableUploads implements ResumeStore, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly state: vscode.Memento) {}

  all(): ResumeRecord[] {
    const value = this.state.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter(isRecord) : [];
  }

  find(bucket: string, key: string, localPath: string): ResumeRecord | undefined {
    return this.all().find((r) => r.bucket === bucket && r.key === key && r.localPath === localPath);
  }

  save(record: ResumeRecord): Promise<void> {
    return this.update((records) => [...records.filter((r) => r.uploadId !== record.uploadId), record].slice(-MAX_RECORDS));
  }

  remove(uploadId: string): Promise<void> {
    return this.update((records) => records.filter((r) => r.uploadId !== uploadId));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private update(change: (records: ResumeRecord[]) => ResumeRecord[]): Promise<void> {
    this.writes = this.writes.then(async () => {
      const before = this.all();
      const after = change(before);
      if (after.length === before.length && after.every((r, i) => r === before[i])) return;
      await this.state.update(KEY, after.length ? after : undefined);
      this.changed.fire();
    });
    return this.writes;
  }
}

function isRecord(value: unknown): value is ResumeRecord {
  const r = value as Partial<ResumeRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.uploadId === 'string' &&
    typeof r.bucket === 'string' &&
    typeof r.key === 'string' &&
    typeof r.localPath === 'string' &&
    typeof r.size === 'number' &&
    Array.isArray(r.parts)
  );
}

