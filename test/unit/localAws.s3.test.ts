// The local endpoint's S3, driven by the real SDK v3 clients (client-s3, lib-storage, s3-request-presigner) with
// their default settings: every operation, the wire details the SDK checks, the seed scenario's permissions, and
// the fault modes. Hand-signed requests cover what an SDK never sends (bad digests, malformed chunk framing).
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  paginateListObjectsV2,
  type CompletedPart,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SEED, seedScenario, startLocalAws, type LocalAws, type LocalAwsConfig } from '../localAws';
import { signedFetch, type RawCredentials } from '../localAws/rawClient';
import { AwsChunkedDecoder } from '../localAws/s3/chunked';
import { createHasher } from '../localAws/s3/checksums';
import { compareKeys, walk } from '../localAws/s3/listing';
import { childText, children, parseXml } from '../localAws/s3/xml';
import { assumeRole } from './assumeRole';
import { expectServiceError, failure } from './sdkFailure';

const REGION = 'us-east-1';
const MiB = 1024 * 1024;
const ADMIN: RawCredentials = { accessKeyId: 'AKIA5LOCALS3ADMIN001', secretAccessKey: 'Tq8vN2xL5pR9sW3yB6cF1hJ4kM7nP0qS2uV5xZ8a' };
const DEVELOPER: RawCredentials = { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey };

/** The seed scenario plus an S3 administrator (all buckets, all actions) for the operation tests. */
function scenario(): LocalAwsConfig {
  const config = seedScenario();
  config.users.push({
    name: 's3admin',
    account: SEED.developerAccount,
    accessKeyId: ADMIN.accessKeyId,
    secretAccessKey: ADMIN.secretAccessKey,
    s3: [{ bucket: '*', actions: ['list', 'get', 'put', 'delete'] }],
    listAllMyBuckets: true,
  });
  return config;
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const md5 = (data: Buffer): Buffer => createHash('md5').update(data).digest();

async function bodyOf(output: { Body?: unknown }): Promise<Buffer> {
  const body = output.Body as { transformToByteArray(): Promise<Uint8Array> } | undefined;
  assert.ok(body, 'a response body');
  return Buffer.from(await body.transformToByteArray());
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(runners);
}

/** Polls (bounded) until `check` holds; returns its last answer. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local AWS: S3 through the real SDK', function () {
  this.timeout(60000);
  let aws: LocalAws;
  let work: string;
  const clients: S3Client[] = [];
  let admin: S3Client;
  let roleA: RawCredentials;
  let roleB: RawCredentials;

  function s3(credentials: RawCredentials, extra: Partial<S3ClientConfig> = {}): S3Client {
    const client = new S3Client({ endpoint: aws.endpoint, region: REGION, forcePathStyle: true, credentials, ...extra });
    clients.push(client);
    return client;
  }

  const blobDir = (): string => join(aws.dataDir, 's3', 'blobs');
  const tempDir = (): string => join(aws.dataDir, 's3', 'tmp');
  const countFiles = async (dir: string): Promise<number> => (await readdir(dir).catch(() => [])).length;

  before(async function () {
    aws = await startLocalAws({ config: scenario() });
    work = await mkdtemp(join(tmpdir(), 'local-s3-test-'));
    admin = s3(ADMIN);
    roleA = await assumeRole(aws.endpoint, REGION, DEVELOPER, {
      RoleArn: SEED.roleA,
      RoleSessionName: 's3-tests-a',
      ExternalId: SEED.externalIdA,
      SerialNumber: SEED.mfaSerial,
      TokenCode: aws.mfaCode(SEED.developerName),
    });
    roleB = await assumeRole(aws.endpoint, REGION, roleA, { RoleArn: SEED.roleB, RoleSessionName: 's3-tests-b', ExternalId: SEED.externalIdB });
  });

  after(async function () {
    for (const client of clients) client.destroy();
    await aws?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  afterEach(function () {
    aws.setFaults({});
  });

  describe('buckets', function () {
    it('lists, creates, heads and locates buckets; rejects invalid and duplicate names', async function () {
      const listed = await admin.send(new ListBucketsCommand({}));
      assert.deepEqual(listed.Buckets?.map((b) => b.Name), ['bucket1', 'bucket2']);
      assert.equal(listed.Buckets?.[0]?.BucketRegion, REGION);
      assert.ok(listed.Owner?.ID);

      await admin.send(new CreateBucketCommand({ Bucket: 'made-by-tests' }));
      const again = await admin.send(new ListBucketsCommand({}));
      assert.ok(again.Buckets?.some((b) => b.Name === 'made-by-tests'));
      await expectServiceError(admin.send(new CreateBucketCommand({ Bucket: 'made-by-tests' })), 'BucketAlreadyOwnedByYou', 409);
      for (const bad of ['Upper-Case', 'ab', 'under_score', 'a..b', '192.168.1.1', '-leading']) {
        await expectServiceError(admin.send(new CreateBucketCommand({ Bucket: bad })), 'InvalidBucketName', 400);
      }

      const head = await admin.send(new HeadBucketCommand({ Bucket: 'bucket1' }));
      assert.equal(head.BucketRegion, REGION);
      await expectServiceError(admin.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), 'NotFound', 404);
      const location = await admin.send(new GetBucketLocationCommand({ Bucket: 'bucket1' }));
      assert.ok(!location.LocationConstraint, 'us-east-1 has an empty location constraint');
      await expectServiceError(admin.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404);

      await admin.send(new PutObjectCommand({ Bucket: 'made-by-tests', Key: 'k', Body: 'v' }));
      await expectServiceError(admin.send(new DeleteBucketCommand({ Bucket: 'made-by-tests' })), 'BucketNotEmpty', 409);
      await admin.send(new DeleteObjectCommand({ Bucket: 'made-by-tests', Key: 'k' }));
      await admin.send(new DeleteBucketCommand({ Bucket: 'made-by-tests' }));
      await expectServiceError(admin.send(new HeadBucketCommand({ Bucket: 'made-by-tests' })), 'NotFound', 404);
    });

    it('keeps a bucket in its region and refuses requests signed for another', async function () {
      const euAdmin = s3(ADMIN, { region: 'eu-west-1' });
      await expectServiceError(
        admin.send(new CreateBucketCommand({ Bucket: 'eu-bucket-tests', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
        'IllegalLocationConstraintException',
        400,
      );
      // The SDK adds the client's region as LocationConstraint outside us-east-1.
      await euAdmin.send(new CreateBucketCommand({ Bucket: 'eu-bucket-tests' }));
      const location = await admin.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket-tests' }));
      assert.equal(location.LocationConstraint, 'eu-west-1');
      await euAdmin.send(new PutObjectCommand({ Bucket: 'eu-bucket-tests', Key: 'k', Body: 'eu' }));
      const error = await expectServiceError(
        admin.send(new GetObjectCommand({ Bucket: 'eu-bucket-tests', Key: 'k' })),
        'AuthorizationHeaderMalformed',
        400,
        /the region 'us-east-1' is wrong; expecting 'eu-west-1'/,
      );
      assert.ok(error);
    });

    it('answers virtual-host style requests (<bucket>.localhost)', async function () {
      // glibc does not resolve *.localhost: the agent sends every name to 127.0.0.1, the Host header keeps the bucket.
      const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        if (options?.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
        else callback(null, '127.0.0.1', 4);
      }) as unknown as LookupFunction;
      const virtual = s3(ADMIN, {
        endpoint: `http://localhost:${aws.port}`,
        forcePathStyle: false,
        requestHandler: { httpAgent: new Agent({ lookup }) },
      });
      aws.clearRequestLog();
      await virtual.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'virtual/host.txt', Body: 'by host name' }));
      const got = await virtual.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'virtual/host.txt' }));
      assert.equal((await bodyOf(got)).toString(), 'by host name');
      const viaPath = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'virtual/host.txt' }));
      assert.equal((await bodyOf(viaPath)).toString(), 'by host name');
      const put = aws.requestLog().find((e) => e.operation === 'PutObject');
      assert.equal(put?.bucket, 'bucket1');
    });
  });

  describe('objects', function () {
    it('puts, gets, heads and deletes objects with metadata, content headers and checksums', async function () {
      const put = await admin.send(
        new PutObjectCommand({
          Bucket: 'bucket1',
          Key: 'docs/hello world+1.txt',
          Body: 'hello, S3',
          ContentType: 'text/plain; charset=utf-8',
          CacheControl: 'no-cache',
          Metadata: { owner: 'tests', purpose: 'metadata' },
        }),
      );
      assert.equal(put.ETag, `"${md5(Buffer.from('hello, S3')).toString('hex')}"`);
      assert.ok(put.ChecksumCRC32, 'the default CRC32 checksum is echoed');

      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' }));
      assert.equal((await bodyOf(got)).toString(), 'hello, S3');
      assert.equal(got.ContentType, 'text/plain; charset=utf-8');
      assert.equal(got.CacheControl, 'no-cache');
      assert.deepEqual(got.Metadata, { owner: 'tests', purpose: 'metadata' });
      assert.equal(got.ETag, put.ETag);
      assert.equal(got.ContentLength, 9);
      assert.equal(got.ChecksumCRC32, put.ChecksumCRC32, 'returned, and validated by the SDK');

      const head = await admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' }));
      assert.equal(head.ContentLength, 9);
      assert.equal(head.ETag, put.ETag);
      assert.ok(head.LastModified instanceof Date);

      await admin.send(new DeleteObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' }));
      await expectServiceError(admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' })), 'NoSuchKey', 404);
      await expectServiceError(admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' })), 'NotFound', 404);
      // Deleting what is not there is not an error in S3.
      await admin.send(new DeleteObjectCommand({ Bucket: 'bucket1', Key: 'docs/hello world+1.txt' }));
    });

    it('decodes streamed aws-chunked uploads and verifies each checksum algorithm the SDK offers', async function () {
      const data = randomBytes(300 * 1024);
      for (const algorithm of [undefined, 'CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
        const key = `chunked/${algorithm ?? 'default'}`;
        // A stream body: the SDK frames it as aws-chunked with the checksum as a trailer.
        const put = await admin.send(
          new PutObjectCommand({ Bucket: 'bucket1', Key: key, Body: Readable.from([data.subarray(0, 1000), data.subarray(1000)]), ContentLength: data.length, ChecksumAlgorithm: algorithm }),
        );
        assert.equal(put.ETag, `"${md5(data).toString('hex')}"`, `${key}: the stored bytes are the payload, not the framing`);
        const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key, ChecksumMode: 'ENABLED' }));
        assert.equal(sha256(await bodyOf(got)), sha256(data), key);
      }
    });

    it('rejects a body whose checksum does not match (BadDigest) and stores nothing', async function () {
      const wrong = Buffer.alloc(4, 7).toString('base64');
      await expectServiceError(
        admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'bad/crc', Body: 'payload', ChecksumCRC32: wrong })),
        'BadDigest',
        400,
      );
      await expectServiceError(admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'bad/crc' })), 'NotFound', 404);
    });

    it('serves byte ranges (206 + Content-Range) and refuses unsatisfiable ones (416 InvalidRange)', async function () {
      const data = Buffer.from('0123456789abcdefghij');
      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'range.txt', Body: data }));
      const cases: Array<[string, string, string]> = [
        ['bytes=2-5', '2345', 'bytes 2-5/20'],
        ['bytes=15-', 'fghij', 'bytes 15-19/20'],
        ['bytes=-3', 'hij', 'bytes 17-19/20'],
        ['bytes=18-100', 'ij', 'bytes 18-19/20'],
      ];
      for (const [range, body, contentRange] of cases) {
        const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'range.txt', Range: range }));
        assert.equal(got.$metadata.httpStatusCode, 206, range);
        assert.equal(got.ContentRange, contentRange, range);
        assert.equal((await bodyOf(got)).toString(), body, range);
      }
      await expectServiceError(admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'range.txt', Range: 'bytes=20-' })), 'InvalidRange', 416);
      await expectServiceError(admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'range.txt', IfMatch: '"0123"' })), 'PreconditionFailed', 412);
      await expectServiceError(admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'range.txt', Body: 'x', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    });

    it('deletes many objects at once (DeleteObjects, verbose and quiet)', async function () {
      const keys = ['del/a', 'del/b', 'del/c', 'del/d'];
      await Promise.all(keys.map((Key) => admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key, Body: Key }))));
      const verbose = await admin.send(
        new DeleteObjectsCommand({ Bucket: 'bucket1', Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/b' }, { Key: 'del/missing' }] } }),
      );
      assert.deepEqual(verbose.Deleted?.map((d) => d.Key).sort(), ['del/a', 'del/b', 'del/missing']);
      assert.equal(verbose.Errors, undefined);
      const quiet = await admin.send(new DeleteObjectsCommand({ Bucket: 'bucket1', Delete: { Quiet: true, Objects: [{ Key: 'del/c' }, { Key: 'del/d' }] } }));
      assert.equal(quiet.Deleted, undefined);
      const left = await admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', Prefix: 'del/' }));
      assert.equal(left.KeyCount, 0);
    });

    it('copies objects (metadata copied or replaced) and refuses a copy onto itself that changes nothing', async function () {
      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'copy/src', Body: 'copy me', ContentType: 'text/x-src', Metadata: { a: '1' } }));
      const copied = await admin.send(new CopyObjectCommand({ Bucket: 'bucket1', Key: 'copy/dst', CopySource: 'bucket1/copy/src' }));
      assert.equal(copied.CopyObjectResult?.ETag, `"${md5(Buffer.from('copy me')).toString('hex')}"`);
      const dst = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'copy/dst' }));
      assert.equal((await bodyOf(dst)).toString(), 'copy me');
      assert.equal(dst.ContentType, 'text/x-src');
      assert.deepEqual(dst.Metadata, { a: '1' });

      await admin.send(
        new CopyObjectCommand({ Bucket: 'bucket1', Key: 'copy/replaced', CopySource: 'bucket1/copy/src', MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { b: '2' } }),
      );
      const replaced = await admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'copy/replaced' }));
      assert.equal(replaced.ContentType, 'text/x-new');
      assert.deepEqual(replaced.Metadata, { b: '2' });

      // Deleting the source does not take the copy's (shared) data with it.
      await admin.send(new DeleteObjectCommand({ Bucket: 'bucket1', Key: 'copy/src' }));
      const still = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'copy/dst' }));
      assert.equal((await bodyOf(still)).toString(), 'copy me');

      await expectServiceError(admin.send(new CopyObjectCommand({ Bucket: 'bucket1', Key: 'copy/dst', CopySource: 'bucket1/copy/dst' })), 'InvalidRequest', 400);
      await expectServiceError(admin.send(new CopyObjectCommand({ Bucket: 'bucket1', Key: 'copy/x', CopySource: 'bucket1/copy/none' })), 'NoSuchKey', 404);
    });
  });

  describe('listing', function () {
    const DIRS = 10;
    const PER_DIR = 250;
    const expected: string[] = [];

    before(async function () {
      for (let d = 0; d < DIRS; d++) for (let f = 0; f < PER_DIR; f++) expected.push(`bulk/d${d}/f${String(f).padStart(4, '0')}`);
      await inPool(expected, 16, (Key) => admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key, Body: Key })));
      expected.sort();
    });

    it('pages through 2,500 keys in order with continuation tokens', async function () {
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateListObjectsV2({ client: admin }, { Bucket: 'bucket1', Prefix: 'bulk/' })) {
        pages++;
        assert.ok((page.KeyCount ?? 0) <= 1000);
        seen.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, expected);

      const small: string[] = [];
      for await (const page of paginateListObjectsV2({ client: admin, pageSize: 700 }, { Bucket: 'bucket1', Prefix: 'bulk/d3/' })) {
        small.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      }
      assert.deepEqual(small, expected.filter((k) => k.startsWith('bulk/d3/')));

      const capped = await admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', Prefix: 'bulk/', MaxKeys: 5000 }));
      assert.equal(capped.MaxKeys, 1000);
      assert.equal(capped.KeyCount, 1000);
      assert.equal(capped.IsTruncated, true);
      const after = await admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', Prefix: 'bulk/', StartAfter: 'bulk/d9/f0247' }));
      assert.deepEqual(after.Contents?.map((o) => o.Key), ['bulk/d9/f0248', 'bulk/d9/f0249']);
      await expectServiceError(admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', ContinuationToken: 'not-a-token' })), 'InvalidArgument', 400);
    });

    it('rolls keys up into common prefixes with a delimiter, across pages', async function () {
      const top = await admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', Prefix: 'bulk/', Delimiter: '/' }));
      assert.equal(top.KeyCount, DIRS);
      assert.equal(top.Contents, undefined);
      assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), Array.from({ length: DIRS }, (_, d) => `bulk/d${d}/`));

      const prefixes: string[] = [];
      let pages = 0;
      for await (const page of paginateListObjectsV2({ client: admin, pageSize: 3 }, { Bucket: 'bucket1', Prefix: 'bulk/', Delimiter: '/' })) {
        pages++;
        prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''));
      }
      assert.equal(pages, 4);
      assert.deepEqual(prefixes, top.CommonPrefixes?.map((p) => p.Prefix));

      // The original ListObjects: NextMarker names the last common prefix, and the next page continues after it.
      const v1 = await admin.send(new ListObjectsCommand({ Bucket: 'bucket1', Prefix: 'bulk/', Delimiter: '/', MaxKeys: 4 }));
      assert.equal(v1.IsTruncated, true);
      assert.equal(v1.NextMarker, 'bulk/d3/');
      const v1next = await admin.send(new ListObjectsCommand({ Bucket: 'bucket1', Prefix: 'bulk/', Delimiter: '/', Marker: v1.NextMarker }));
      assert.deepEqual(v1next.CommonPrefixes?.map((p) => p.Prefix), Array.from({ length: DIRS - 4 }, (_, d) => `bulk/d${d + 4}/`));

      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'bulk/top file.txt', Body: 'x' }));
      const mixed = await admin.send(new ListObjectsV2Command({ Bucket: 'bucket1', Prefix: 'bulk/', Delimiter: '/', EncodingType: 'url' }));
      assert.deepEqual(mixed.Contents?.map((o) => o.Key), ['bulk%2Ftop+file.txt']);
      assert.equal(mixed.KeyCount, DIRS + 1);
    });
  });

  describe('multipart uploads', function () {
    const part1 = randomBytes(5 * MiB);
    const part2 = randomBytes(5 * MiB);
    const part3 = randomBytes(1234);
    const whole = Buffer.concat([part1, part2, part3]);

    async function uploadParts(key: string, parts: Buffer[], extra: { ChecksumAlgorithm?: 'CRC32' } = {}): Promise<{ uploadId: string; completed: CompletedPart[] }> {
      const created = await admin.send(new CreateMultipartUploadCommand({ Bucket: 'bucket1', Key: key, ...extra }));
      const uploadId = created.UploadId ?? '';
      const completed: CompletedPart[] = [];
      for (const [i, Body] of parts.entries()) {
        const result = await admin.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, PartNumber: i + 1, Body }));
        assert.equal(result.ETag, `"${md5(Body).toString('hex')}"`);
        completed.push({ PartNumber: i + 1, ETag: result.ETag, ChecksumCRC32: result.ChecksumCRC32 });
      }
      return { uploadId, completed };
    }

    it('creates, lists, completes (ETag of part MD5s) and serves ranges across parts', async function () {
      const key = 'mpu/three-parts.bin';
      const { uploadId, completed } = await uploadParts(key, [part1, part2, part3], { ChecksumAlgorithm: 'CRC32' });

      const uploads = await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: 'mpu/' }));
      assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [[key, uploadId]]);
      const parts = await admin.send(new ListPartsCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId }));
      assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB], [2, 5 * MiB], [3, 1234]]);
      const firstPage = await admin.send(new ListPartsCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, MaxParts: 2 }));
      assert.equal(firstPage.IsTruncated, true);
      assert.equal(firstPage.NextPartNumberMarker, '2');

      const complete = (list: CompletedPart[]): Promise<unknown> =>
        admin.send(new CompleteMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, MultipartUpload: { Parts: list } }));
      const [c1, c2, c3] = completed as [CompletedPart, CompletedPart, CompletedPart];
      await expectServiceError(complete([c2, c1, c3]), 'InvalidPartOrder', 400);
      await expectServiceError(complete([c1, { ...c2, ETag: '"00000000000000000000000000000000"' }, c3]), 'InvalidPart', 400);
      await expectServiceError(complete([c1, c2, { ...c3, PartNumber: 4 }]), 'InvalidPart', 400);
      await expectServiceError(complete([c1, c2, c3].map(({ ChecksumCRC32: _omit, ...rest }) => rest)), 'InvalidRequest', 400);

      const done = (await complete(completed)) as { ETag?: string; ChecksumCRC32?: string };
      const expectedEtag = `"${md5(Buffer.concat([md5(part1), md5(part2), md5(part3)])).toString('hex')}-3"`;
      assert.equal(done.ETag, expectedEtag);
      assert.match(done.ChecksumCRC32 ?? '', /-3$/, 'a composite checksum');
      const listed = await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: 'mpu/' }));
      assert.equal(listed.Uploads, undefined);

      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(got.ETag, expectedEtag);
      assert.equal(sha256(await bodyOf(got)), sha256(whole));
      const start = 5 * MiB - 10;
      const across = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key, Range: `bytes=${start}-${10 * MiB + 9}` }));
      assert.equal(sha256(await bodyOf(across)), sha256(whole.subarray(start, 10 * MiB + 10)));
      const second = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key, PartNumber: 2 }));
      assert.equal(second.PartsCount, 3);
      assert.equal(sha256(await bodyOf(second)), sha256(part2));

      // A multipart object copied gets a plain MD5 ETag, as on AWS.
      const copy = await admin.send(new CopyObjectCommand({ Bucket: 'bucket1', Key: 'mpu/copy.bin', CopySource: `bucket1/${key}` }));
      assert.equal(copy.CopyObjectResult?.ETag, `"${md5(whole).toString('hex')}"`);
    });

    it("keeps a FULL_OBJECT checksum of the whole object and checks the client's value on completion", async function () {
      const key = 'mpu/full-object.bin';
      const created = await admin.send(new CreateMultipartUploadCommand({ Bucket: 'bucket1', Key: key, ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
      assert.equal(created.ChecksumType, 'FULL_OBJECT');
      const parts: CompletedPart[] = [];
      for (const [i, Body] of [part1, part3].entries()) {
        const result = await admin.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId, PartNumber: i + 1, Body }));
        parts.push({ PartNumber: i + 1, ETag: result.ETag, ChecksumCRC32: result.ChecksumCRC32 });
      }
      const whole = Buffer.concat([part1, part3]);
      const crcOf = (data: Buffer): string => {
        const out = Buffer.alloc(4);
        out.writeUInt32BE(crc32(data) >>> 0);
        return out.toString('base64');
      };
      const complete = (value: string): Promise<{ ChecksumCRC32?: string; ChecksumType?: string }> =>
        admin.send(
          new CompleteMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId, ChecksumCRC32: value, ChecksumType: 'FULL_OBJECT', MultipartUpload: { Parts: parts } }),
        );
      await expectServiceError(complete(crcOf(part1)), 'BadDigest', 400);
      const done = await complete(crcOf(whole));
      assert.equal(done.ChecksumCRC32, crcOf(whole));
      assert.equal(done.ChecksumType, 'FULL_OBJECT');
      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(got.ChecksumCRC32, crcOf(whole), 'validated by the SDK while reading');
      assert.equal(sha256(await bodyOf(got)), sha256(whole));
    });

    it('refuses parts under 5 MiB except the last (EntityTooSmall) and part numbers outside 1–10,000', async function () {
      const key = 'mpu/too-small.bin';
      const { uploadId, completed } = await uploadParts(key, [part3, part1]);
      await expectServiceError(
        admin.send(new CompleteMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, MultipartUpload: { Parts: completed } })),
        'EntityTooSmall',
        400,
      );
      for (const PartNumber of [0, 10001]) {
        await expectServiceError(admin.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, PartNumber, Body: 'x' })), 'InvalidArgument', 400);
      }
      await admin.send(new AbortMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId }));
    });

    it('pages ListMultipartUploads by key and upload id', async function () {
      const ids: Array<[string, string]> = [];
      for (const Key of ['mpu/list/a', 'mpu/list/a', 'mpu/list/b']) {
        ids.push([Key, (await admin.send(new CreateMultipartUploadCommand({ Bucket: 'bucket1', Key }))).UploadId ?? '']);
      }
      const first = await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: 'mpu/list/', MaxUploads: 2 }));
      assert.equal(first.IsTruncated, true);
      assert.deepEqual(first.Uploads?.map((u) => [u.Key, u.UploadId]), ids.slice(0, 2));
      const rest = await admin.send(
        new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: 'mpu/list/', KeyMarker: first.NextKeyMarker, UploadIdMarker: first.NextUploadIdMarker }),
      );
      assert.equal(rest.IsTruncated, false);
      assert.deepEqual(rest.Uploads?.map((u) => [u.Key, u.UploadId]), ids.slice(2));
      const folders = await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: 'mpu/', Delimiter: '/' }));
      assert.deepEqual(folders.CommonPrefixes?.map((p) => p.Prefix), ['mpu/list/']);
      for (const [Key, UploadId] of ids) await admin.send(new AbortMultipartUploadCommand({ Bucket: 'bucket1', Key, UploadId }));
    });

    it('aborting removes the upload and deletes its part data', async function () {
      const blobsBefore = await countFiles(blobDir());
      const key = 'mpu/aborted.bin';
      const { uploadId } = await uploadParts(key, [part1, part3]);
      assert.equal(await countFiles(blobDir()), blobsBefore + 2);
      await admin.send(new AbortMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId }));
      const listed = await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1', Prefix: key }));
      assert.equal(listed.Uploads, undefined);
      await expectServiceError(admin.send(new ListPartsCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId })), 'NoSuchUpload', 404);
      await expectServiceError(
        admin.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: uploadId, PartNumber: 1, Body: 'late' })),
        'NoSuchUpload',
        404,
      );
      assert.ok(await eventually(async () => (await countFiles(blobDir())) === blobsBefore), 'part files deleted');
    });
  });

  describe('lib-storage Upload with default checksums', function () {
    let file: string;
    let fileSha: string;
    const SIZE = 50 * 1000 * 1000;

    before(async function () {
      file = join(work, 'fifty-megabytes.bin');
      const hash = createHash('sha256');
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let written = 0; written < SIZE; ) {
          const chunk = randomBytes(Math.min(MiB, SIZE - written));
          hash.update(chunk);
          written += chunk.length;
          yield chunk;
        }
      }
      await pipeline(Readable.from(chunks()), createWriteStream(file));
      fileSha = hash.digest('hex');
    });

    it('uploads a 50 MB file in parts and downloads an identical copy', async function () {
      const upload = new Upload({ client: admin, params: { Bucket: 'bucket1', Key: 'big/fifty.bin', Body: createReadStream(file) } });
      const result = await upload.done();
      assert.match(result.ETag ?? '', /-\d+"$/, 'completed as a multipart upload');
      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'big/fifty.bin' }));
      assert.equal(got.ContentLength, SIZE);
      const hash = createHash('sha256');
      await pipeline(got.Body as Readable, hash);
      assert.equal(hash.digest('hex'), fileSha);
    });

    it('leaves no multipart upload behind when aborted mid-upload', async function () {
      aws.setFaults({ bandwidthBytesPerSec: 8 * MiB });
      const controller = new AbortController();
      const upload = new Upload({
        client: admin,
        params: { Bucket: 'bucket1', Key: 'big/aborted.bin', Body: createReadStream(file) },
        abortController: controller,
      });
      upload.on('httpUploadProgress', (progress) => {
        if ((progress.loaded ?? 0) > 0) controller.abort();
      });
      const error = await failure(upload.done());
      assert.equal(error.name, 'AbortError');
      aws.setFaults({});
      assert.ok(
        await eventually(async () => (await admin.send(new ListMultipartUploadsCommand({ Bucket: 'bucket1' }))).Uploads === undefined),
        'no upload left',
      );
      await expectServiceError(admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'big/aborted.bin' })), 'NotFound', 404);
      assert.ok(await eventually(async () => (await countFiles(tempDir())) === 0), 'no temp files left');
    });
  });

  describe('presigned URLs', function () {
    it('serves a valid URL, refuses a tampered one and, once expired, the valid one', async function () {
      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'presigned/file.txt', Body: 'shared by link' }));
      const url = await getSignedUrl(admin, new GetObjectCommand({ Bucket: 'bucket1', Key: 'presigned/file.txt' }), { expiresIn: 60 });
      const ok = await fetch(url);
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), 'shared by link');

      const tampered = url.replace('presigned/file.txt', 'presigned/other.txt');
      const denied = await fetch(tampered);
      assert.equal(denied.status, 403);
      assert.match(await denied.text(), /<Code>SignatureDoesNotMatch<\/Code>/);

      const putUrl = await getSignedUrl(admin, new PutObjectCommand({ Bucket: 'bucket1', Key: 'presigned/uploaded.txt' }), { expiresIn: 60 });
      const put = await fetch(putUrl, { method: 'PUT', body: 'sent by link' });
      assert.equal(put.status, 200);
      const stored = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'presigned/uploaded.txt' }));
      assert.equal((await bodyOf(stored)).toString(), 'sent by link');

      aws.advanceClock(120_000);
      const expired = await fetch(url);
      assert.equal(expired.status, 403);
      assert.match(await expired.text(), /<Code>AccessDenied<\/Code>[\s\S]*expired/i);
    });
  });

  describe('SSE', function () {
    it('stores and echoes AES256 and aws:kms on put, head, get and multipart', async function () {
      const put = await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'sse/aes', Body: 'secret-ish', ServerSideEncryption: 'AES256' }));
      assert.equal(put.ServerSideEncryption, 'AES256');
      const head = await admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'sse/aes' }));
      assert.equal(head.ServerSideEncryption, 'AES256');
      const keyId = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'sse/kms', Body: 'kms', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId }));
      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'sse/kms' }));
      await bodyOf(got);
      assert.equal(got.ServerSideEncryption, 'aws:kms');
      assert.equal(got.SSEKMSKeyId, keyId);
      const plain = await admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'range.txt' }));
      assert.equal(plain.ServerSideEncryption, undefined);

      const created = await admin.send(new CreateMultipartUploadCommand({ Bucket: 'bucket1', Key: 'sse/mpu', ServerSideEncryption: 'AES256' }));
      assert.equal(created.ServerSideEncryption, 'AES256');
      const part = await admin.send(new UploadPartCommand({ Bucket: 'bucket1', Key: 'sse/mpu', UploadId: created.UploadId, PartNumber: 1, Body: 'only part' }));
      assert.equal(part.ServerSideEncryption, 'AES256');
      const done = await admin.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'bucket1',
          Key: 'sse/mpu',
          UploadId: created.UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] },
        }),
      );
      assert.equal(done.ServerSideEncryption, 'AES256');
      assert.equal((await admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'sse/mpu' }))).ServerSideEncryption, 'AES256');
    });

    it('a bucket requiring SSE refuses unencrypted PutObject, CreateMultipartUpload and CopyObject', async function () {
      const denied = /is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::bucket2\/plain" with an explicit deny in a resource-based policy/;
      await expectServiceError(admin.send(new PutObjectCommand({ Bucket: 'bucket2', Key: 'plain', Body: 'x' })), 'AccessDenied', 403, denied);
      await expectServiceError(admin.send(new CreateMultipartUploadCommand({ Bucket: 'bucket2', Key: 'plain' })), 'AccessDenied', 403, denied);
      await expectServiceError(admin.send(new CopyObjectCommand({ Bucket: 'bucket2', Key: 'plain', CopySource: 'bucket1/range.txt' })), 'AccessDenied', 403, denied);
      await admin.send(new PutObjectCommand({ Bucket: 'bucket2', Key: 'encrypted', Body: 'x', ServerSideEncryption: 'AES256' }));
    });
  });

  describe('seed scenario permissions', function () {
    it('RoleA writes bucket1 and is denied bucket2', async function () {
      const a = s3(roleA);
      await a.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'roles/a.txt', Body: 'from A' }));
      const error = await expectServiceError(
        a.send(new PutObjectCommand({ Bucket: 'bucket2', Key: 'roles/a.txt', Body: 'from A', ServerSideEncryption: 'AES256' })),
        'AccessDenied',
        403,
      );
      assert.match(error.message, /^User: arn:aws:sts::222222222222:assumed-role\/RoleA\/s3-tests-a is not authorized to perform: s3:PutObject/);
      const buckets = await a.send(new ListBucketsCommand({}));
      assert.deepEqual(buckets.Buckets?.map((b) => b.Name), ['bucket1'], 'only the buckets RoleA may list');
    });

    it('RoleB writes bucket2 with AES256, is denied bucket1 and ListAllMyBuckets', async function () {
      const b = s3(roleB);
      const put = await b.send(new PutObjectCommand({ Bucket: 'bucket2', Key: 'roles/b.txt', Body: 'from B', ServerSideEncryption: 'AES256' }));
      assert.equal(put.ServerSideEncryption, 'AES256');
      await expectServiceError(b.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'roles/b.txt', Body: 'from B' })), 'AccessDenied', 403);
      await expectServiceError(b.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'roles/a.txt' })), 'AccessDenied', 403);
      await expectServiceError(b.send(new ListBucketsCommand({})), 'AccessDenied', 403, /s3:ListAllMyBuckets/);
    });

    it('rejects a wrong secret', async function () {
      const wrong = s3({ accessKeyId: ADMIN.accessKeyId, secretAccessKey: `${ADMIN.secretAccessKey.slice(0, -1)}x` }, { maxAttempts: 1 });
      await expectServiceError(wrong.send(new ListObjectsV2Command({ Bucket: 'bucket1' })), 'SignatureDoesNotMatch', 403);
    });
  });

  describe('hand-signed requests', function () {
    const put = (key: string, body: string, headers: Record<string, string>): ReturnType<typeof signedFetch> =>
      signedFetch({ endpoint: aws.endpoint, service: 's3', credentials: ADMIN, method: 'PUT', path: `/bucket1/${key}`, headers, body });

    it('verifies a signed payload hash (XAmzContentSHA256Mismatch) and Content-MD5 (BadDigest)', async function () {
      const mismatch = await put('raw/sha', 'actual body', { 'x-amz-content-sha256': sha256('another body') });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body, /<Code>XAmzContentSHA256Mismatch<\/Code>/);
      const badMd5 = await put('raw/md5', 'actual body', { 'x-amz-content-sha256': sha256('actual body'), 'content-md5': md5(Buffer.from('x')).toString('base64') });
      assert.equal(badMd5.status, 400);
      assert.match(badMd5.body, /<Code>BadDigest<\/Code>/);
      const malformedMd5 = await put('raw/md5', 'actual body', { 'x-amz-content-sha256': sha256('actual body'), 'content-md5': 'not-an-md5' });
      assert.equal(malformedMd5.status, 400);
      assert.match(malformedMd5.body, /<Code>InvalidDigest<\/Code>/);
      assert.ok(await eventually(async () => (await countFiles(tempDir())) === 0), 'refused bodies leave no temp file');
      const good = await put('raw/sha', 'actual body', { 'x-amz-content-sha256': sha256('actual body') });
      assert.equal(good.status, 200);
    });

    it('decodes signed aws-chunked bodies and checks trailers and framing', async function () {
      const framed = (chunks: string[], trailer?: string): string =>
        chunks.map((c) => `${c.length.toString(16)};chunk-signature=${'0'.repeat(64)}\r\n${c}\r\n`).join('') +
        `0;chunk-signature=${'0'.repeat(64)}\r\n${trailer ? `${trailer}\r\n` : ''}\r\n`;
      const streaming = {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
      };
      const ok = await put('raw/chunked', framed(['hello', ' world']), streaming);
      assert.equal(ok.status, 200, ok.body);
      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'raw/chunked' }));
      assert.equal((await bodyOf(got)).toString(), 'hello world');
      assert.equal(got.ContentEncoding, undefined, 'aws-chunked is framing, not a stored content encoding');

      const trailing = {
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
        'x-amz-trailer': 'x-amz-checksum-sha256',
      };
      const rightSha = createHash('sha256').update('hello world').digest('base64');
      const goodTrailer = await put('raw/trailer', framed(['hello world'], `x-amz-checksum-sha256:${rightSha}`), trailing);
      assert.equal(goodTrailer.status, 200, goodTrailer.body);
      const wrongSha = createHash('sha256').update('tampered').digest('base64');
      const badTrailer = await put('raw/trailer-bad', framed(['hello world'], `x-amz-checksum-sha256:${wrongSha}`), trailing);
      assert.equal(badTrailer.status, 400);
      assert.match(badTrailer.body, /<Code>BadDigest<\/Code>/);
      const short = await put('raw/short', framed(['hello']), streaming);
      assert.equal(short.status, 400);
      assert.match(short.body, /<Code>IncompleteBody<\/Code>/);
      const broken = await put('raw/broken', 'zz\r\nhello\r\n0\r\n\r\n', streaming);
      assert.equal(broken.status, 400);
      for (const key of ['raw/trailer-bad', 'raw/short', 'raw/broken']) {
        await expectServiceError(admin.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: key })), 'NotFound', 404);
      }
    });
  });

  describe('faults', function () {
    it('SlowDown answers are retried by the SDK until the request succeeds', async function () {
      aws.clearRequestLog();
      aws.setFaults({ s3SlowDownNext: 2 });
      const put = await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'faults/slowdown', Body: 'eventually' }));
      assert.equal(put.$metadata.attempts, 3);
      const statuses = aws.requestLog().filter((e) => e.key === 'faults/slowdown').map((e) => `${e.status} ${e.errorCode ?? ''}`.trim());
      assert.deepEqual(statuses, ['503 SlowDown', '503 SlowDown', '200']);
    });

    it('a connection reset during UploadPart fails that request and leaves no partial part or object', async function () {
      const once = s3(ADMIN, { maxAttempts: 1 });
      const key = 'faults/reset.bin';
      const created = await once.send(new CreateMultipartUploadCommand({ Bucket: 'bucket1', Key: key }));
      aws.setFaults({ resetAfterBodyBytes: 1 * MiB, resetOperation: 'UploadPart' });
      const error = await failure(once.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId, PartNumber: 1, Body: part(6 * MiB) })));
      assert.ok(error.$metadata?.httpStatusCode === undefined, `a network failure, not an answer (${error.name})`);
      const parts = await once.send(new ListPartsCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId }));
      assert.equal(parts.Parts, undefined);
      assert.ok(await eventually(async () => (await countFiles(tempDir())) === 0), 'the partial body was removed');
      // The fault fired once; the retry goes through.
      const retried = await once.send(new UploadPartCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId, PartNumber: 1, Body: part(6 * MiB) }));
      assert.ok(retried.ETag);
      await once.send(new AbortMultipartUploadCommand({ Bucket: 'bucket1', Key: key, UploadId: created.UploadId }));

      aws.setFaults({ resetAfterBodyBytes: 64 * 1024, resetOperation: 'PutObject' });
      await failure(once.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'faults/reset-put', Body: part(1 * MiB) })));
      await expectServiceError(once.send(new HeadObjectCommand({ Bucket: 'bucket1', Key: 'faults/reset-put' })), 'NotFound', 404);
    });

    it('latency and bandwidth caps slow requests down (coarse lower bounds only)', async function () {
      await admin.send(new PutObjectCommand({ Bucket: 'bucket1', Key: 'faults/slow.bin', Body: part(2 * MiB) }));
      aws.setFaults({ latencyMs: 300 });
      let started = Date.now();
      await admin.send(new HeadBucketCommand({ Bucket: 'bucket1' }));
      assert.ok(Date.now() - started >= 250, 'latency added');
      aws.setFaults({ bandwidthBytesPerSec: 4 * MiB });
      started = Date.now();
      const got = await admin.send(new GetObjectCommand({ Bucket: 'bucket1', Key: 'faults/slow.bin' }));
      assert.equal((await bodyOf(got)).length, 2 * MiB);
      assert.ok(Date.now() - started >= 300, '2 MiB at 4 MiB/s takes about half a second');
    });
  });
});

const part = (size: number): Buffer => randomBytes(size);

describe('local AWS: S3 building blocks', function () {
  async function decode(input: Buffer, piece: number): Promise<{ data: Buffer; trailers: Map<string, string> }> {
    const decoder = new AwsChunkedDecoder();
    const out: Buffer[] = [];
    decoder.on('data', (chunk: Buffer) => out.push(chunk));
    const pieces: Buffer[] = [];
    for (let i = 0; i < input.length; i += piece) pieces.push(input.subarray(i, i + piece));
    await pipeline(Readable.from(pieces), decoder);
    return { data: Buffer.concat(out), trailers: decoder.trailers };
  }

  it('decodes aws-chunked framing however the bytes are split across reads', async function () {
    const framed = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    for (const piece of [1, 2, 3, 7, framed.length]) {
      const { data, trailers } = await decode(framed, piece);
      assert.equal(data.toString(), 'hello world', `pieces of ${piece}`);
      assert.equal(trailers.get('x-amz-checksum-crc32'), 'DUoRhQ==');
    }
    await assert.rejects(decode(Buffer.from('5\r\nhel'), 4), /IncompleteBody|not provide/);
    await assert.rejects(decode(Buffer.from('5\r\nhelloXX0\r\n\r\n'), 4), /CRLF/);
    await assert.rejects(decode(Buffer.from('g\r\n'), 4), /chunk size/);
  });

  it('computes CRC32C and CRC64NVME to their check values', function () {
    const check = Buffer.from('123456789');
    const digest = (algorithm: 'CRC32C' | 'CRC64NVME'): string => {
      const hasher = createHasher(algorithm);
      hasher.update(check.subarray(0, 4));
      hasher.update(check.subarray(4));
      return hasher.digest().toString('hex');
    };
    assert.equal(digest('CRC32C'), 'e3069283');
    assert.equal(digest('CRC64NVME'), 'ae8b14860a799888');
  });

  it('parses request XML strictly (entities, namespaces) and rejects malformed documents', function () {
    const doc = parseXml('<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b&#x20;c</Key></Object><Quiet>true</Quiet></Delete>');
    assert.equal(doc.name, 'Delete');
    assert.equal(childText(children(doc, 'Object')[0] ?? doc, 'Key'), 'a&b c');
    for (const bad of ['<Delete>', '<Delete></Other>', '<A>&bogus;</A>', '<A></A><B/>', 'text']) {
      assert.throws(() => parseXml(bad), /not well-formed/, bad);
    }
  });

  it('orders keys by UTF-8 bytes and pages common prefixes without repeating them', function () {
    assert.ok(compareKeys('\uffff', '\u{10000}') < 0, 'an astral character sorts after U+FFFF, as in UTF-8');
    const keys = ['a/1', 'a/2', 'b', 'c/1', 'c/2', 'd'];
    const first = walk(keys, (k) => k, { prefix: '', delimiter: '/', max: 2 });
    assert.deepEqual([first.commonPrefixes, first.items, first.truncated], [['a/'], ['b'], true]);
    const second = walk(keys, (k) => k, { prefix: '', delimiter: '/', max: 2, after: first.last?.key, afterIsPrefix: first.last?.isPrefix });
    assert.deepEqual([second.commonPrefixes, second.items, second.truncated], [['c/'], ['d'], false]);
    const afterPrefix = walk(keys, (k) => k, { prefix: '', delimiter: '/', max: 10, after: 'a/', afterIsPrefix: true });
    assert.deepEqual(afterPrefix.items, ['b', 'd']);
  });
});
