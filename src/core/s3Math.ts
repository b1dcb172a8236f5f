// Multipart part sizing within S3's limits: parts of 5 MiB–5 GiB, at most 10,000 parts, objects up to 5 TiB.
import { RoleChainError } from './errors';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PART_SIZE = 5 * GiB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * TiB;
export const DEFAULT_PART_SIZE = 8 * MiB;

/** The preferred part size, grown (in whole MiB) until the file fits in 10,000 parts, clamped to 5 MiB–5 GiB. */
export function partSizeFor(fileSize: number, preferred = DEFAULT_PART_SIZE): number {
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) {
    throw new RoleChainError('validation', `Cannot upload a file of ${fileSize} bytes: the size must be a whole number ≥ 0.`);
  }
  if (fileSize > MAX_OBJECT_SIZE) {
    throw new RoleChainError('validation', `The file is ${(fileSize / TiB).toFixed(2)} TiB, over S3's 5 TiB object limit: split it before uploading.`);
  }
  let size = Math.min(Math.max(Math.floor(preferred), MIN_PART_SIZE), MAX_PART_SIZE);
  if (Math.ceil(fileSize / size) > MAX_PARTS) {
    size = Math.ceil(fileSize / MAX_PARTS / MiB) * MiB;
  }
  return Math.min(size, MAX_PART_SIZE);
}

export function partCount(fileSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(fileSize / partSize));
}
