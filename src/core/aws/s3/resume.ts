// What an interrupted multipart upload leaves to resume it: the upload id and where it goes, the file as it was
// (size and mtime, so a changed file is never resumed), the part size and the parts S3 acknowledged. None of it is
// secret (no credentials, no file content), so the editor keeps it in extension state, not SecretStorage.
import type { SseOptions } from './sse';

export interface ResumePart {
  partNumber: number;
  etag: string;
  size: number;
  /** The part's CRC32 as S3 returned it (base64), when the upload verifies checksums. */
  checksumCrc32?: string;
}

export interface ResumeRecord {
  uploadId: string;
  bucket: string;
  key: string;
  localPath: string;
  size: number;
  mtimeMs: number;
  partSize: number;
  /** True when the upload was created with CRC32 part checksums (S3 then requires them on completion). */
  checksums: boolean;
  sse: SseOptions;
  /** Acknowledged parts as last known; ListParts is asked again before resuming, this is for display. */
  parts: ResumePart[];
  startedAt: number;
  /** Set by the editor: the session the upload was made with, to offer *Resume* once it is signed in again. */
  chainName?: string;
  stepIndex?: number;
}

/** Where interrupted uploads are remembered (the editor's extension state; a Map in tests). */
export interface ResumeStore {
  find(bucket: string, key: string, localPath: string): ResumeRecord | undefined;
  save(record: ResumeRecord): Promise<void>;
  remove(uploadId: string): Promise<void>;
}

/** Why a record cannot be resumed for this file now (it then starts over), or undefined when it can. */
export function staleReason(record: ResumeRecord, file: { size: number; mtimeMs: number }, partSize: number, sse: SseOptions, checksums: boolean): string | undefined {
  if (record.size !== file.size || record.mtimeMs !== file.mtimeMs) return 'the file changed since the upload was interrupted';
  if (record.partSize !== partSize) return 'the part size differs';
  if (record.checksums !== checksums) return 'the checksum setting changed';
  if (record.sse.mode !== sse.mode || (record.sse.kmsKeyId ?? '') !== (sse.kmsKeyId ?? '')) return 'the encryption setting changed';
  return undefined;
}

/** Bytes acknowledged in a record: what a resume will not send again. */
export function acknowledgedBytes(record: Pick<ResumeRecord, 'parts'>): number {
  return record.parts.reduce((n, p) => n + p.size, 0);
}

/** A store kept in memory: for tests, benchmarks, and callers that have nowhere to persist. */
export class MemoryResumeStore implements ResumeStore {
  readonly records = new Map<string, ResumeRecord>();

  find(bucket: string, key: string, localPath: string): ResumeRecord | undefined {
    for (const r of this.records.values()) if (r.bucket === bucket && r.key === key && r.localPath === localPath) return r;
    return undefined;
  }

  save(record: ResumeRecord): Promise<void> {
    this.records.set(record.uploadId, structuredClone(record));
    return Promise.resolve();
  }

  remove(uploadId: string): Promise<void> {
    this.records.delete(uploadId);
    return Promise.resolve();
  }
}
