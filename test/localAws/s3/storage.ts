// The in-memory model of buckets, objects and multipart uploads. Data lives in blobs (blobs.ts); this file owns the
// references between records and blobs, so every place that drops a record releases exactly what it held.
import type { BucketConfig, Clock } from '../types';
import { BlobStore, type Blob } from './blobs';
import type { ChecksumAlgorithm, ChecksumType, StoredChecksum } from './checksums';
import { compareKeys } from './listing';

export interface Sse {
  algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
}

/** Representation headers stored with an object and returned on GET/HEAD. */
export interface ContentHeaders {
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
}

/** What a PUT, CreateMultipartUpload or CopyObject says about the object, apart from its data. */
export interface ObjectAttributes {
  headers: ContentHeaders;
  userMetadata: Record<string, string>;
  sse?: Sse;
  storageClass: string;
}

export interface ObjectRecord extends ObjectAttributes {
  key: string;
  size: number;
  etag: string; // with quotes, as S3 returns it
  lastModified: number;
  checksum?: StoredChecksum;
  /** The data, in order; a single-PUT object has one blob, a multipart object one per part. */
  segments: Blob[];
  /** Set for objects completed from a multipart upload. */
  partsCount?: number;
}

export interface Identity {
  id: string;
  displayName: string;
}

export interface PartRecord {
  partNumber: number;
  blob: Blob;
  size: number;
  etag: string;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
  lastModified: number;
}

export interface UploadRecord {
  uploadId: string;
  key: string;
  initiated: number;
  initiator: Identity;
  owner: Identity;
  attributes: ObjectAttributes;
  checksum?: { algorithm: ChecksumAlgorithm; type: ChecksumType };
  parts: Map<number, PartRecord>;
  state: 'open' | 'completing' | 'aborted' | 'completed';
}

export interface CompletedUpload {
  key: string;
  etag: string;
  checksum?: StoredChecksum;
}

export interface BucketRecord {
  name: string;
  region: string;
  requireSse?: BucketConfig['requireSse'];
  created: number;
  objects: Map<string, ObjectRecord>;
  uploads: Map<string, UploadRecord>;
  /** Recently completed uploads, so a retried CompleteMultipartUpload gets the same answer as AWS gives. */
  completed: Map<string, CompletedUpload>;
  sortedKeys?: string[];
}

const COMPLETED_MEMORY = 1000;

export class Storage {
  readonly blobs: BlobStore;
  private readonly buckets = new Map<string, BucketRecord>();

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    configured: BucketConfig[],
  ) {
    this.blobs = new BlobStore(dataDir);
    for (const bucket of configured) this.createBucket(bucket.name, bucket.region ?? 'us-east-1', bucket.requireSse);
  }

  bucket(name: string): BucketRecord | undefined {
    return this.buckets.get(name);
  }

  allBuckets(): BucketRecord[] {
    return [...this.buckets.values()].sort((a, b) => compareKeys(a.name, b.name));
  }

  createBucket(name: string, region: string, requireSse?: BucketConfig['requireSse']): BucketRecord {
    const record: BucketRecord = {
      name,
      region,
      requireSse,
      created: this.clock.now(),
      objects: new Map(),
      uploads: new Map(),
      completed: new Map(),
    };
    this.buckets.set(name, record);
    return record;
  }

  deleteBucket(bucket: BucketRecord): void {
    for (const upload of bucket.uploads.values()) this.abortUpload(bucket, upload);
    this.buckets.delete(bucket.name);
  }

  /** Keys in S3's order (UTF-8 byte order), cached until the next change. */
  sortedKeys(bucket: BucketRecord): string[] {
    bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys);
    return bucket.sortedKeys;
  }

  /** Stores a record whose segments are already retained for it; the replaced object's data is released. */
  putObject(bucket: BucketRecord, record: ObjectRecord): void {
    const previous = bucket.objects.get(record.key);
    bucket.objects.set(record.key, record);
    if (!previous) bucket.sortedKeys = undefined;
    else this.releaseSegments(previous.segments);
  }

  deleteObject(bucket: BucketRecord, key: string): void {
    const previous = bucket.objects.get(key);
    if (!previous) return;
    bucket.objects.delete(key);
    bucket.sortedKeys = undefined;
    this.releaseSegments(previous.segments);
  }

  /** Readers (GET, copy) hold the segments so an overwrite or delete meanwhile cannot pull the files away. */
  retainSegments(segments: Blob[]): void {
    for (const blob of segments) this.blobs.retain(blob);
  }

  releaseSegments(segments: Blob[]): void {
    for (const blob of segments) this.blobs.release(blob);
  }

  addUpload(bucket: BucketRecord, upload: UploadRecord): void {
    bucket.uploads.set(upload.uploadId, upload);
  }

  /** Replaces any earlier upload of the same part number (as S3 does); the new part's blob is owned by the upload. */
  putPart(upload: UploadRecord, part: PartRecord): void {
    const previous = upload.parts.get(part.partNumber);
    upload.parts.set(part.partNumber, part);
    if (previous) this.blobs.release(previous.blob);
  }

  abortUpload(bucket: BucketRecord, upload: UploadRecord): void {
    upload.state = 'aborted';
    bucket.uploads.delete(upload.uploadId);
    for (const part of upload.parts.values()) this.blobs.release(part.blob);
    upload.parts.clear();
  }

  /** Turns the chosen parts into the object; parts not chosen are deleted with the upload. */
  completeUpload(bucket: BucketRecord, upload: UploadRecord, record: ObjectRecord): void {
    this.retainSegments(record.segments);
    this.putObject(bucket, record);
    upload.state = 'completed';
    bucket.uploads.delete(upload.uploadId);
    for (const part of upload.parts.values()) this.blobs.release(part.blob);
    upload.parts.clear();
    bucket.completed.set(upload.uploadId, { key: record.key, etag: record.etag, checksum: record.checksum });
    if (bucket.completed.size > COMPLETED_MEMORY) {
      const oldest = bucket.completed.keys().next().value;
      if (oldest !== undefined) bucket.completed.delete(oldest);
    }
  }
}
