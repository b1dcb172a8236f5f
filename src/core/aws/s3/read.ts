// Text of an object for the read-only viewer. Large or binary objects come back as a typed result (the view
// offers Download instead) rather than being decoded into garbage or read whole into memory.
import { Readable } from 'node:stream';
import { GetObjectCommand, } from '@aws-sdk/client-s3';
import { validateBucketName, validateObjectKey } from '../../validation';
import { invalidInput, s3Error } from './errors';
import type { S3Port } from './regions';

export type ObjectText =
  /** `etag` is the version that was read: an edit saves with If-Match on it. */
  | { kind: 'text'; text: string; size: number; contentType?: string; etag?: string }
  | { kind: 'too-large'; size: number; maxBytes: number }
  | { kind: 'binary'; size: number; contentType?: string };

export const DEFAULT_MAX_TEXT_BYTES = 5 * 1024 * 1024;

/** A NUL byte or bytes that are not UTF-8: not something a text editor should show. */
function looksBinary(data: Buffer): boolean {
  if (data.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return false;
  } catch {
    return true;
  }
}

export async function getObjectText(
  client: S3Port,
  options: { bucket: string; key: string; maxBytes?: number; signal?: AbortSignal },
): Promise<ObjectText> {
  const { bucket, key } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const problem = validateBucketName(bucket) ?? validateObjectKey(key);
  if (problem) throw invalidInput(problem);
  let out;
  try {
    out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: options.signal });
  } catch (e) {
    throw s3Error(e, { operation: 'read', bucket, key });
  }
  const body = out.Body;
  const declared = out.ContentLength;
  const contentType = out.ContentType;
  const typed = contentType ? { contentType } : {};
  if (!(body instanceof Readable)) throw s3Error(new Error('S3 returned no readable body'), { operation: 'read', bucket, key });
  if (declared !== undefined && declared > maxBytes) {
    body.destroy();
    return { kind: 'too-large', size: declared, maxBytes };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > maxBytes) {
        body.destroy();
        return { kind: 'too-large', size: declared ?? size, maxBytes };
      }
      chunks.push(buf);
    }
  } catch (e) {
    throw s3Error(e, { operation: 'read', bucket, key });
  }
  const data = Buffer.concat(chunks);
  if (looksBinary(data)) return { kind: 'binary', size, ...typed };
  return { kind: 'text', text: data.toString('utf8'), size, ...typed, ...(out.ETag ? { etag: out.ETag } : {}) };
}
