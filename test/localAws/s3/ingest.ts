// Reads a request body the way S3 does, as a stream: decodes aws-chunked framing, and verifies what the client
// claimed about the body — the signed x-amz-content-sha256, a Content-MD5, an x-amz-checksum-* header or trailer,
// and the declared length. Nothing is buffered whole; the caller supplies the sink (a temp file, or a small buffer).
import { createHash, type Hash } from 'node:crypto';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './chunked';
import {
  type ChecksumAlgorithm,
  type Hasher,
  algorithmOfHeader,
  createHasher,
  headerOf,
  isWellFormed,
  parseAlgorithm,
} from './checksums';
import {
  RequestGone,
  S3Error,
  badDigest,
  entityTooLarge,
  incompleteBody,
  invalidArgument,
  invalidRequest,
  missingContentLength,
} from './errors';
import { header, type S3Request } from './request';

export interface BodyDigest {
  size: number;
  md5: Buffer;
  /** The flexible checksum the client sent (verified), or the one computed for `computeAlgorithm`. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface ReceiveOptions {
  maxSize: number;
  /** Object uploads need a declared length (AWS answers 411 otherwise). */
  requireLength: boolean;
  /** Compute this checksum even if the client sent none (uploads created with a checksum algorithm). */
  computeAlgorithm?: ChecksumAlgorithm;
  /** x-amz-checksum-* headers describe the object, not this body (CompleteMultipartUpload). */
  checksumHeadersDescribeObject?: boolean;
}

type PayloadMode = { kind: 'sha256'; expected: string } | { kind: 'unsigned' } | { kind: 'chunked'; trailer: boolean };

const STREAMING_MODES: Record<string, boolean> = {
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': true,
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': false,
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': true,
};

function payloadMode(payloadHash: string): PayloadMode {
  if (/^[0-9a-fA-F]{64}$/.test(payloadHash)) return { kind: 'sha256', expected: payloadHash.toLowerCase() };
  if (payloadHash === 'UNSIGNED-PAYLOAD') return { kind: 'unsigned' };
  const trailer = STREAMING_MODES[payloadHash];
  if (trailer !== undefined) return { kind: 'chunked', trailer };
  throw invalidArgument(
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    'x-amz-content-sha256',
    payloadHash,
  );
}

interface ChecksumPlan {
  algorithm: ChecksumAlgorithm;
  /** Where the client's value comes from; 'none' when we only compute it. */
  source: { kind: 'header'; value: string } | { kind: 'trailer'; name: string } | { kind: 'none' };
}

function planChecksum(r: S3Request, mode: PayloadMode, options: ReceiveOptions): ChecksumPlan | undefined {
  const computeAlgorithm = options.computeAlgorithm;
  const valueHeaders: Array<{ algorithm: ChecksumAlgorithm; value: string; name: string }> = [];
  for (const name of options.checksumHeadersDescribeObject ? [] : Object.keys(r.headers)) {
    if (!name.startsWith('x-amz-checksum-') || ['x-amz-checksum-algorithm', 'x-amz-checksum-type', 'x-amz-checksum-mode'].includes(name)) continue;
    const algorithm = algorithmOfHeader(name);
    if (!algorithm) throw invalidRequest(`The algorithm in ${name} is not supported.`);
    valueHeaders.push({ algorithm, value: header(r.headers, name) ?? '', name });
  }
  const trailerName = header(r.headers, 'x-amz-trailer')?.trim().toLowerCase();
  if (valueHeaders.length + (trailerName ? 1 : 0) > 1) {
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  let plan: ChecksumPlan | undefined;
  const only = valueHeaders[0];
  if (only) {
    if (!isWellFormed(only.algorithm, only.value)) throw invalidRequest(`Value for ${only.name} header is invalid.`);
    plan = { algorithm: only.algorithm, source: { kind: 'header', value: only.value } };
  } else if (trailerName) {
    if (mode.kind !== 'chunked' || !mode.trailer) {
      throw invalidRequest('The x-amz-trailer header is only valid with a STREAMING-…-TRAILER x-amz-content-sha256.');
    }
    const algorithm = algorithmOfHeader(trailerName);
    if (!algorithm) throw invalidRequest('The value specified in the x-amz-trailer header is not supported');
    plan = { algorithm, source: { kind: 'trailer', name: trailerName } };
  }
  const sdkAlgorithm = header(r.headers, 'x-amz-sdk-checksum-algorithm');
  if (sdkAlgorithm !== undefined && !options.checksumHeadersDescribeObject) {
    if (!plan) {
      throw invalidRequest(
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
      );
    }
    if (parseAlgorithm(sdkAlgorithm) !== plan.algorithm) {
      throw invalidRequest(`Value for x-amz-sdk-checksum-algorithm header is invalid.`);
    }
  }
  if (computeAlgorithm) {
    if (plan && plan.algorithm !== computeAlgorithm) {
      throw invalidRequest(
        `Checksum Type mismatch occurred, expected checksum Type: ${computeAlgorithm.toLowerCase()}, actual checksum Type: ${plan.algorithm.toLowerCase()}`,
      );
    }
    plan ??= { algorithm: computeAlgorithm, source: { kind: 'none' } };
  }
  return plan;
}

function declaredLength(r: S3Request, mode: PayloadMode, required: boolean): number | undefined {
  const name = mode.kind === 'chunked' ? 'x-amz-decoded-content-length' : 'content-length';
  const text = header(r.headers, name);
  if (text === undefined) {
    if (required || mode.kind === 'chunked') throw missingContentLength();
    return undefined;
  }
  if (!/^\d+$/.test(text)) throw invalidArgument(`Invalid ${name}`, name, text);
  return Number(text);
}

function contentMd5(r: S3Request): Buffer | undefined {
  const text = header(r.headers, 'content-md5');
  if (text === undefined) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new S3Error('InvalidDigest', 400, 'The Content-MD5 you specified was not valid.', { 'Content-MD5': text });
  }
  return bytes;
}

/** Counts and hashes the decoded body on its way to the sink; enforces the size limits as bytes arrive. */
class Digester extends Transform {
  size = 0;
  readonly md5 = createHash('md5');

  constructor(
    private readonly maxSize: number,
    private readonly declared: number | undefined,
    readonly sha256: Hash | undefined,
    readonly checksum: Hasher | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxSize) return callback(entityTooLarge(this.maxSize));
    if (this.declared !== undefined && this.size > this.declared) return callback(incompleteBody());
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }
}

/** Streams the request body into `sink`, verifying it; throws S3Error (answerable) or RequestGone. */
export async function receiveBody(r: S3Request, sink: Writable, options: ReceiveOptions): Promise<BodyDigest> {
  const mode = payloadMode(r.auth.payloadHash);
  const declared = declaredLength(r, mode, options.requireLength);
  if (declared !== undefined && declared > options.maxSize) throw entityTooLarge(options.maxSize);
  const plan = planChecksum(r, mode, options);
  const expectedMd5 = contentMd5(r);
  const decoder = mode.kind === 'chunked' ? new AwsChunkedDecoder() : undefined;
  const digester = new Digester(
    options.maxSize,
    declared,
    mode.kind === 'sha256' ? createHash('sha256') : undefined,
    plan ? createHasher(plan.algorithm) : undefined,
  );
  try {
    if (decoder) await pipeline(r.body, decoder, digester, sink, { signal: r.signal });
    else await pipeline(r.body, digester, sink, { signal: r.signal });
  } catch (error) {
    if (error instanceof S3Error) throw error;
    if (r.signal.aborted) throw new RequestGone('the service is closing');
    if (r.req.destroyed || r.res.destroyed || r.req.socket.destroyed) throw new RequestGone('the connection was closed');
    throw error;
  }
  if (declared !== undefined && digester.size !== declared) throw incompleteBody();
  if (mode.kind === 'sha256') {
    const computed = digester.sha256?.digest('hex') ?? '';
    if (computed !== mode.expected) {
      throw new S3Error('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: mode.expected,
        S3ComputedContentSHA256: computed,
      });
    }
  }
  const md5 = digester.md5.digest();
  if (expectedMd5 && !expectedMd5.equals(md5)) {
    throw new S3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: expectedMd5.toString('base64'),
      CalculatedDigest: md5.toString('base64'),
    });
  }
  let checksum: BodyDigest['checksum'];
  if (plan && digester.checksum) {
    const value = digester.checksum.digest().toString('base64');
    let claimed: string | undefined;
    if (plan.source.kind === 'header') claimed = plan.source.value;
    if (plan.source.kind === 'trailer') {
      claimed = decoder?.trailers.get(plan.source.name);
      if (claimed === undefined) throw invalidRequest(`The trailer ${plan.source.name} announced in x-amz-trailer was not sent.`);
      if (!isWellFormed(plan.algorithm, claimed)) throw invalidRequest(`Value for ${headerOf(plan.algorithm)} trailing header is invalid.`);
    }
    if (claimed !== undefined && claimed !== value) throw badDigest(plan.algorithm);
    checksum = { algorithm: plan.algorithm, value };
  }
  return { size: digester.size, md5, checksum };
}

/** A Writable that keeps what it is given, for XML request bodies (the size limit is enforced upstream). */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
}

/** Reads and verifies a small body (XML documents, or the empty body of a GET), up to `limit` bytes. */
export async function readSmallBody(r: S3Request, limit: number, checksumHeadersDescribeObject = false): Promise<Buffer> {
  const collector = new Collector();
  await receiveBody(r, collector, { maxSize: limit, requireLength: false, checksumHeadersDescribeObject });
  return Buffer.concat(collector.chunks);
}
