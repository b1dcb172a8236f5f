// Server-side encryption as the chain's s3 settings ask for it, turned into request parameters.
import type { ServerSideEncryption } from '@aws-sdk/client-s3';
import { validateKmsKeyId } from '../../validation';

export interface SseOptions {
  mode: 'AES256' | 'aws:kms' | 'none';
  /** For aws:kms; absent = the account's default aws/s3 key. */
  kmsKeyId?: string;
}

export const NO_SSE: SseOptions = { mode: 'none' };

/** A message when the options cannot be sent (checked before any request). */
export function validateSse(sse: SseOptions): string | undefined {
  if (sse.mode !== 'AES256' && sse.mode !== 'aws:kms' && sse.mode !== 'none') {
    return `s3.sse is "AES256", "aws:kms" or "none" (not "${String(sse.mode)}").`;
  }
  if (sse.kmsKeyId !== undefined) {
    if (sse.mode !== 'aws:kms') return 's3.kmsKeyId only applies with s3.sse "aws:kms": remove it or set s3.sse to "aws:kms".';
    return validateKmsKeyId(sse.kmsKeyId);
  }
  return undefined;
}

/** Parameters for PutObject, CreateMultipartUpload and CopyObject. */
export function sseParams(sse: SseOptions): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
  switch (sse.mode) {
    case 'AES256':
      return { ServerSideEncryption: 'AES256' };
    case 'aws:kms':
      return { ServerSideEncryption: 'aws:kms', ...(sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}) };
    default:
      return {};
  }
}
