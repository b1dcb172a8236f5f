// The flexible-checksum algorithms S3 accepts (x-amz-checksum-<alg>), as incremental hashers with a base64 result.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from './crc';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256', 'MD5', 'SHA512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
/** FULL_OBJECT: checksum of the whole data. COMPOSITE (multipart only): checksum of the part checksums, "-N". */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** A checksum as stored with an object or part: algorithm, base64 value (COMPOSITE values end in "-N"). */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: ChecksumType;
}

export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

class Crc32Hasher implements Hasher {
  private value = 0;
  update(data: Uint8Array): void {
    this.value = crc32(data, this.value);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.value >>> 0);
    return out;
  }
}

class NodeHasher implements Hasher {
  private readonly hash;
  constructor(algorithm: string) {
    this.hash = createHash(algorithm);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Hasher();
    case 'CRC32C':
      return new Crc32c();
    case 'CRC64NVME':
      return new Crc64Nvme();
    case 'SHA1':
      return new NodeHasher('sha1');
    case 'SHA256':
      return new NodeHasher('sha256');
    case 'MD5':
      return new NodeHasher('md5');
    case 'SHA512':
      return new NodeHasher('sha512');
  }
}

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
  MD5: 16,
  SHA512: 64,
};

export function parseAlgorithm(name: string): ChecksumAlgorithm | undefined {
  const upper = name.toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(upper) ? (upper as ChecksumAlgorithm) : undefined;
}

/** x-amz-checksum-crc32 → CRC32 (undefined for names that are not a checksum value header). */
export function algorithmOfHeader(headerName: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-([a-z0-9]+)$/.exec(headerName.toLowerCase());
  if (!match?.[1] || match[1] === 'algorithm' || match[1] === 'type' || match[1] === 'mode') return undefined;
  return parseAlgorithm(match[1]);
}

export const headerOf = (algorithm: ChecksumAlgorithm): string => `x-amz-checksum-${algorithm.toLowerCase()}`;

/** The XML element that carries it, e.g. ChecksumCRC32. */
export const elementOf = (algorithm: ChecksumAlgorithm): string => `Checksum${algorithm}`;

/** True when a client-supplied value is well-formed base64 of the algorithm's digest length. */
export function isWellFormed(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[algorithm];
}

/** COMPOSITE checksum of a multipart object: the algorithm over the concatenated binary part checksums, "-N". */
export function compositeOf(algorithm: ChecksumAlgorithm, partValues: string[]): string {
  const hasher = createHasher(algorithm);
  for (const value of partValues) hasher.update(Buffer.from(value, 'base64'));
  return `${hasher.digest().toString('base64')}-${partValues.length}`;
}
