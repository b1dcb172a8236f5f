// A lean S3 client for seeding the listing bucket only: CopyObject requests signed with @smithy/signature-v4 and
// sent over kept-alive node:http sockets. The SDK client spends ~2 ms of CPU per request on its middleware and
// XML parsing; 100,000 set-up requests on a 2-core machine cannot afford that, and none of it is being measured.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest, SourceData } from '@smithy/types';
import { sdkCredentials, type TempCredentials } from '../credentials';

class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
/** S3's path encoding: every byte but unreserved characters and '/'. */
const encodePath = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

export interface SeedClient {
  /** PUT /bucket/key with x-amz-copy-source; rejects unless S3 answers 200. */
  copy(bucket: string, key: string, source: string): Promise<void>;
  close(): void;
}

export function createSeedClient(endpoint: string, region: string, credentials: TempCredentials, sockets: number): SeedClient {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const signer = new SignatureV4({ service: 's3', region, credentials: sdkCredentials(credentials), sha256: NodeSha256, uriEscapePath: false });
  return {
    async copy(bucket, key, source) {
      const request = {
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: `/${bucket}/${encodePath(key)}`,
        query: {},
        headers: { host: url.host, 'x-amz-copy-source': `/${bucket}/${encodePath(source)}`, 'x-amz-content-sha256': EMPTY_SHA256, 'content-length': '0' },
      } as HttpRequest;
      const signed = await signer.sign(request, { signingDate: new Date() });
      await new Promise<void>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method: 'PUT', path: signed.path, headers: signed.headers, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`CopyObject ${key}: HTTP ${res.statusCode} ${body.slice(0, 300)}`))));
        });
        req.on('error', reject);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
