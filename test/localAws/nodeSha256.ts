// The hash constructor @smithy/signature-v4 needs, on node:crypto: the endpoint's verifier, its federation
// check and the raw test client all sign with it, so they cannot disagree on how bytes are hashed.
import { createHash, createHmac } from 'node:crypto';
import type { SourceData } from '@smithy/types';

/** SHA-256 when constructed without a secret, HMAC-SHA256 keyed with the secret otherwise. */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
