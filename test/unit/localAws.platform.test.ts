// The local endpoint as a platform: start/stop, binding, data directory, SigV4 for S3 (header and presigned),
// routing, the request log, and every injected fault, through the real SDK clients.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { pollUntil } from '../harness/timebox';
import { SEED, startLocalAws, type LocalAws, type RequestLogEntry } from '../localAws';
import { ThrottleStream } from '../localAws/faults';
import { RequestLog, annotateRequest } from '../localAws/requestLog';
import { presignedUrl, signedFetch, type RawCredentials } from '../localAws/rawClient';
import { s3OperationName, s3Target } from '../localAws/s3Operation';
import { expectServiceError, failure } from './sdkFailure';

const REGION = 'us-east-1';
const DEVELOPER: RawCredentials = { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey };

/** A failure below HTTP: the client got no response at all. */
async function expectNetworkError(call: Promise<unknown>): Promise<void> {
  const error = await failure(call);
  assert.equal(error.$metadata?.httpStatusCode, undefined, `no HTTP status (got ${error.name}: ${error.message})`);
}

function sts(aws: LocalAws, credentials: RawCredentials = DEVELOPER, maxAttempts = 1): STSClient {
  return new STSClient({ endpoint: aws.endpoint, region: REGION, credentials, maxAttempts });
}

function s3(aws: LocalAws, credentials: RawCredentials, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint: aws.endpoint, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1, ...extra });
}

async function roleASession(aws: LocalAws): Promise<RawCredentials> {
  const result = await sts(aws).send(
    new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'platform', ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial, TokenCode: aws.mfaCode(SEED.developerName) }),
  );
  const c = result.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

function lastEntry(aws: LocalAws): RequestLogEntry {
  const log = aws.requestLog();
  const entry = log[log.length - 1];
  assert.ok(entry, 'a request was logged');
  return entry;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('local AWS: platform', function () {
  describe('lifecycle', function () {
    it('listens on a free port of 127.0.0.1 only', async function () {
      const one = await startLocalAws();
      const two = await startLocalAws();
      try {
        assert.match(one.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.notEqual(one.port, two.port);
        const others = Object.values(networkInterfaces())
          .flat()
          .filter((address) => address && !address.internal)
          .map((address) => address!.address);
        for (const host of ['::1', ...others]) {
          const outcome = await new Promise<string>((resolve) => {
            const socket = connect({ host, port: one.port });
            socket.once('connect', () => {
              socket.destroy();
              resolve('connected');
            });
            socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          });
          assert.notEqual(outcome, 'connected', `port ${one.port} must not answer on ${host}`);
        }
      } finally {
        await Promise.all([one.stop(), two.stop()]);
      }
    });

    it('creates a data directory and removes it on stop (twice is harmless)', async function () {
      const aws = await startLocalAws();
      assert.ok(existsSync(aws.dataDir));
      await aws.stop();
      assert.equal(existsSync(aws.dataDir), false);
      await aws.stop();
    });

    it('refuses an unusable scenario with a clear message', async function () {
      await assert.rejects(startLocalAws({ config: { users: [{ name: 'x', account: '1', accessKeyId: 'AKIA', secretAccessKey: 's' }], roles: [], buckets: [] } }), /user x: account must be 12 digits/);
    });

    it('stop() with requests in flight resolves, and their clients see a network error', async function () {
      const aws = await startLocalAws();
      const session = await roleASession(aws);
      aws.setFaults({ latencyMs: 20_000 });
      const stalled = sts(aws).send(new GetCallerIdentityCommand({}));
      stalled.catch(() => undefined); // fails while nothing awaits it yet; marked handled so Node does not warn
      // The latency is read when a request arrives: let this one arrive before the upload gets a bandwidth cap instead.
      await pollUntil(() => (aws.requestsInFlight() === 1 ? true : undefined), 10_000, 'the stalled request to arrive', 5);
      aws.setFaults({ bandwidthBytesPerSec: 64 * 1024 });
      const upload = s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'in-flight', Body: Buffer.alloc(2 * 1024 * 1024, 7) }));
      upload.catch(() => undefined);
      await pollUntil(() => (aws.requestsInFlight() === 2 ? true : undefined), 10_000, 'the upload to arrive', 5);
      await aws.stop();
      await expectNetworkError(stalled);
      await expectNetworkError(upload);
      assert.equal(existsSync(aws.dataDir), false);
    });
  });

  describe('routing, anonymous requests and S3 signatures', function () {
    let aws: LocalAws;
    let session: RawCredentials;
    before(async function () {
      aws = await startLocalAws();
      session = await roleASession(aws);
    });
    after(async function () {
      await aws.stop();
    });
    beforeEach(function () {
      aws.setFaults({});
      aws.clearRequestLog();
    });

    it('answers anonymous S3 requests with S3 AccessDenied XML', async function () {
      const response = await fetch(`${aws.endpoint}/${SEED.bucket1}/anything.txt`);
      assert.equal(response.status, 403);
      assert.match(await response.text(), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[0-9a-f-]+<\/RequestId><HostId>.+<\/HostId><\/Error>$/);
      assert.ok(response.headers.get('x-amz-request-id'));
      assert.deepEqual(
        aws.requestLog().map((e) => [e.service, e.operation, e.status, e.errorCode, e.bucket, e.key, e.principal]),
        [['s3', 'GetObject', 403, 'AccessDenied', SEED.bucket1, 'anything.txt', undefined]],
      );
    });

    it('answers a signature for another service with UnknownService', async function () {
      const response = await signedFetch({ endpoint: aws.endpoint, service: 'iam', credentials: DEVELOPER, body: 'Action=ListUsers&Version=2010-05-08' });
      assert.equal(response.status, 400);
      assert.match(response.body, /<Code>UnknownService<\/Code>/);
      assert.equal(lastEntry(aws).service, 'unknown');
    });

    it('verifies S3 header signatures: wrong secret, unknown key, forged token, missing payload hash', async function () {
      await expectServiceError(s3(aws, { ...session, secretAccessKey: 'y'.repeat(40) }).send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
      await expectServiceError(s3(aws, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'y'.repeat(40) }).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
      await expectServiceError(s3(aws, { ...session, sessionToken: 'forged' }).send(new ListBucketsCommand({})), 'InvalidToken', 400);
      const missing = await signedFetch({
        endpoint: aws.endpoint,
        service: 's3',
        credentials: session,
        method: 'GET',
        path: '/',
        mutate: (request) => {
          delete request.headers['x-amz-content-sha256'];
        },
      });
      assert.equal(missing.status, 400);
      assert.match(missing.body, /<Code>InvalidRequest<\/Code><Message>Missing required header for this request: x-amz-content-sha256<\/Message>/);
      const ok = await s3(aws, session).send(new ListBucketsCommand({}));
      assert.ok(ok.Buckets?.some((bucket) => bucket.Name === SEED.bucket1));
    });

    it('rejects S3 requests signed more than 15 minutes off with RequestTimeTooSkewed', async function () {
      await expectServiceError(s3(aws, session, { systemClockOffset: -20 * 60_000 }).send(new ListBucketsCommand({})), 'RequestTimeTooSkewed', 403);
    });

    it('verifies presigned URLs: valid, tampered, over a week', async function () {
      const body = Buffer.from('presigned body');
      await s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'dir/pre signed+1.txt', Body: body }));
      const url = await getSignedUrl(s3(aws, session), new GetObjectCommand({ Bucket: SEED.bucket1, Key: 'dir/pre signed+1.txt' }), { expiresIn: 120 });
      const valid = await fetch(url);
      assert.equal(valid.status, 200);
      assert.equal(sha256(new Uint8Array(await valid.arrayBuffer())), sha256(body));
      assert.equal(lastEntry(aws).principal, 'arn:aws:sts::222222222222:assumed-role/RoleA/platform');

      const otherKey = await fetch(url.replace('pre%20signed%2B1.txt', 'pre%20signed%2B2.txt'));
      assert.equal(otherKey.status, 403);
      assert.match(await otherKey.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
      const longer = await fetch(url.replace(/X-Amz-Expires=120/, 'X-Amz-Expires=121'));
      assert.equal(longer.status, 403);
      const tooLong = await fetch(url.replace(/X-Amz-Expires=120/, 'X-Amz-Expires=604801'));
      assert.equal(tooLong.status, 400);
      assert.match(await tooLong.text(), /<Code>AuthorizationQueryParametersError<\/Code><Message>X-Amz-Expires must be less than a week \(in seconds\) that is 604800<\/Message>/);
    });

    it('names S3 operations in the log from method, sub-resource and copy header, once per request', async function () {
      const client = s3(aws, session);
      await client.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'named.txt', Body: 'x' }));
      await failure(client.send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: 'no-such-key' })));
      await failure(client.send(new PutObjectCommand({ Bucket: SEED.bucket2, Key: 'denied.txt', Body: 'x' })));
      assert.deepEqual(
        aws.requestLog().map((e) => [e.operation, e.status, e.errorCode, e.bucket, e.key]),
        [
          ['PutObject', 200, undefined, SEED.bucket1, 'named.txt'],
          ['GetObject', 404, 'NoSuchKey', SEED.bucket1, 'no-such-key'],
          ['PutObject', 403, 'AccessDenied', SEED.bucket2, 'denied.txt'],
        ],
      );
    });

    it('derives operation names and targets (unit)', function () {
      const headers = {};
      const copy = { 'x-amz-copy-source': '/bucket1/a' };
      const cases: [string, Record<string, string>, Record<string, string>, string, string][] = [
        ['GET', {}, headers, '/', 'ListBuckets'],
        ['GET', { 'list-type': '2', prefix: 'a/' }, headers, '/b', 'ListObjectsV2'],
        ['GET', {}, headers, '/b/', 'ListObjects'],
        ['GET', { location: '' }, headers, '/b', 'GetBucketLocation'],
        ['GET', { uploads: '' }, headers, '/b', 'ListMultipartUploads'],
        ['HEAD', {}, headers, '/b', 'HeadBucket'],
        ['PUT', {}, headers, '/b', 'CreateBucket'],
        ['POST', { delete: '' }, headers, '/b', 'DeleteObjects'],
        ['PUT', {}, headers, '/b/k', 'PutObject'],
        ['PUT', {}, copy, '/b/k', 'CopyObject'],
        ['PUT', { uploadId: 'u', partNumber: '1' }, headers, '/b/k', 'UploadPart'],
        ['PUT', { uploadId: 'u', partNumber: '1' }, copy, '/b/k', 'UploadPartCopy'],
        ['POST', { uploads: '' }, headers, '/b/k', 'CreateMultipartUpload'],
        ['POST', { uploadId: 'u' }, headers, '/b/k', 'CompleteMultipartUpload'],
        ['DELETE', { uploadId: 'u' }, headers, '/b/k', 'AbortMultipartUpload'],
        ['GET', { uploadId: 'u' }, headers, '/b/k', 'ListParts'],
        ['GET', {}, headers, '/b/k', 'GetObject'],
        ['HEAD', {}, headers, '/b/k', 'HeadObject'],
        ['DELETE', {}, headers, '/b/k', 'DeleteObject'],
      ];
      for (const [method, query, hdrs, path, expected] of cases) {
        assert.equal(s3OperationName(method, query, hdrs, s3Target('127.0.0.1:1', path)), expected, `${method} ${path} ${JSON.stringify(query)}`);
      }
      assert.deepEqual(s3Target('127.0.0.1:9', '/bucket1/a%20b/c%2Bd'), { bucket: 'bucket1', key: 'a b/c+d' });
      assert.deepEqual(s3Target('bucket1.localhost:9', '/x/y'), { bucket: 'bucket1', key: 'x/y' });
      assert.deepEqual(s3Target('localhost:9', '/bucket1'), { bucket: 'bucket1' });
    });
  });

  describe('presigned URL expiry', function () {
    it('answers AccessDenied "Request has expired" once X-Amz-Expires has passed', async function () {
      const aws = await startLocalAws();
      try {
        const session = await roleASession(aws);
        await s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'expiring.txt', Body: 'x' }));
        const url = await presignedUrl({ endpoint: aws.endpoint, service: 's3', credentials: session, method: 'GET', path: `/${SEED.bucket1}/expiring.txt`, expiresIn: 60 });
        assert.equal((await fetch(url)).status, 200);
        aws.advanceClock(61_000);
        const expired = await fetch(url);
        assert.equal(expired.status, 403);
        assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
      } finally {
        await aws.stop();
      }
    });

    it('answers S3 ExpiredToken for an expired session', async function () {
      const aws = await startLocalAws();
      try {
        const session = await roleASession(aws);
        aws.advanceClock(3601_000);
        // The SDK corrects its clock from the endpoint's Date header first, then meets the expiry.
        await expectServiceError(s3(aws, session, { maxAttempts: 3 }).send(new ListBucketsCommand({})), 'ExpiredToken', 400);
      } finally {
        await aws.stop();
      }
    });
  });

  describe('faults', function () {
    let aws: LocalAws;
    let session: RawCredentials;
    before(async function () {
      aws = await startLocalAws();
      session = await roleASession(aws);
    });
    after(async function () {
      await aws.stop();
    });
    beforeEach(function () {
      aws.setFaults({});
      aws.clearRequestLog();
    });

    it('answers the next N STS requests Throttling; the SDK retries them and succeeds', async function () {
      aws.setFaults({ stsThrottleNext: 2 });
      const me = await sts(aws, DEVELOPER, 3).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, SEED.developerArn);
      assert.equal(me.$metadata.attempts, 3);
      assert.deepEqual(
        aws.requestLog().map((e) => [e.operation, e.status, e.errorCode]),
        [
          ['GetCallerIdentity', 400, 'Throttling'],
          ['GetCallerIdentity', 400, 'Throttling'],
          ['GetCallerIdentity', 200, undefined],
        ],
      );
      aws.setFaults({ stsThrottleNext: 1 });
      const error = await expectServiceError(sts(aws).send(new GetCallerIdentityCommand({})), 'Throttling', 400);
      assert.equal(error.message, 'Rate exceeded');
    });

    it('answers the next N S3 requests 503 SlowDown', async function () {
      aws.setFaults({ s3SlowDownNext: 1 });
      const error = await expectServiceError(s3(aws, session).send(new ListBucketsCommand({})), 'SlowDown', 503);
      assert.equal(error.message, 'Please reduce your request rate.');
      await s3(aws, session).send(new ListBucketsCommand({}));
      aws.setFaults({ s3SlowDownNext: 1 });
      const retried = await s3(aws, session, { maxAttempts: 2 }).send(new ListBucketsCommand({}));
      assert.equal(retried.$metadata.attempts, 2);
    });

    it('adds latency to every request', async function () {
      aws.setFaults({ latencyMs: 300 });
      const started = performance.now();
      await sts(aws).send(new GetCallerIdentityCommand({}));
      assert.ok(performance.now() - started >= 300, 'the response waited for the injected latency');
    });

    it('caps request and response bodies per connection', async function () {
      const data = Buffer.alloc(256 * 1024);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
      aws.setFaults({ bandwidthBytesPerSec: 256 * 1024 });
      let started = performance.now();
      await s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'capped.bin', Body: data }));
      assert.ok(performance.now() - started >= 800, 'the upload was held to the cap');
      started = performance.now();
      const got = await s3(aws, session).send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: 'capped.bin' }));
      const bytes = await got.Body!.transformToByteArray();
      assert.ok(performance.now() - started >= 800, 'the download was held to the cap');
      assert.equal(sha256(bytes), sha256(data));
    });

    it('resets the connection once a request body passes N bytes, once, for the named operation only', async function () {
      const body = Buffer.alloc(1024 * 1024, 3);
      aws.setFaults({ resetAfterBodyBytes: 64 * 1024, resetOperation: 'UploadPart' });
      await s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'not-reset.bin', Body: body }));
      aws.setFaults({ resetAfterBodyBytes: 64 * 1024, resetOperation: 'PutObject' });
      await expectNetworkError(s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'reset.bin', Body: body })));
      const reset = lastEntry(aws);
      assert.deepEqual([reset.operation, reset.status, reset.errorCode], ['PutObject', 0, 'ConnectionReset']);
      assert.equal(aws.requestLog().length, 2);
      await s3(aws, session).send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'reset.bin', Body: body }));
      assert.equal(lastEntry(aws).status, 200, 'the fault fired once');
    });

    it('refuses every request while refuseAll is set', async function () {
      aws.setFaults({ refuseAll: true });
      await expectNetworkError(sts(aws).send(new GetCallerIdentityCommand({})));
      await expectNetworkError(s3(aws, session).send(new ListBucketsCommand({})));
      assert.deepEqual(
        aws.requestLog().map((e) => [e.service, e.operation, e.status, e.errorCode]),
        [
          ['sts', 'Unknown', 0, 'ConnectionRefused'],
          ['s3', 'ListBuckets', 0, 'ConnectionRefused'],
        ],
      );
      aws.setFaults({});
      await sts(aws).send(new GetCallerIdentityCommand({}));
    });

    it('throttles a stream to the configured rate (unit)', async function () {
      let rate = 128 * 1024;
      const throttle = new ThrottleStream(() => rate);
      const sink = new PassThrough();
      let received = 0;
      sink.on('data', (chunk: Buffer) => (received += chunk.length));
      const started = performance.now();
      const source = new PassThrough();
      const done = pipeline(source, throttle, sink);
      source.end(Buffer.alloc(64 * 1024));
      await done;
      assert.equal(received, 64 * 1024);
      assert.ok(performance.now() - started >= 400, '64 KiB at 128 KiB/s takes about half a second');
      rate = 0;
      const unlimited = new ThrottleStream(() => rate);
      const out = new PassThrough();
      let total = 0;
      out.on('data', (chunk: Buffer) => (total += chunk.length));
      const input = new PassThrough();
      const flowing = pipeline(input, unlimited, out);
      input.end(Buffer.alloc(1024 * 1024));
      await flowing;
      assert.equal(total, 1024 * 1024);
    });
  });

  describe('request log', function () {
    it('writes one entry per request, merging what the service logs or annotates (unit)', async function () {
      const log = new RequestLog({ now: () => 1_000 });
      const server: Server = createServer((req, res) => {
        void log.track(res, 's3', async () => {
          annotateRequest(res, { operation: 'Guess', bucket: 'b' });
          await new Promise((resolve) => setTimeout(resolve, 5));
          // A service logging from inside the request annotates it rather than adding a line.
          log.log({ service: 's3', operation: 'PutObject', status: 0, key: 'k' });
          res.writeHead(req.url === '/fail' ? 409 : 200, { 'content-type': 'application/xml' });
          res.end(req.url === '/fail' ? '<Error><Code>BucketNotEmpty</Code></Error>' : '');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const address = server.address();
        assert.ok(address && typeof address === 'object');
        await (await fetch(`http://127.0.0.1:${address.port}/ok`)).text();
        await (await fetch(`http://127.0.0.1:${address.port}/fail`)).text();
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
      log.log({ service: 'sts', operation: 'Outside', status: 200 });
      assert.deepEqual(log.list(), [
        { time: 1_000, service: 's3', operation: 'PutObject', status: 200, bucket: 'b', key: 'k' },
        { time: 1_000, service: 's3', operation: 'PutObject', status: 409, errorCode: 'BucketNotEmpty', bucket: 'b', key: 'k' },
        { time: 1_000, service: 'sts', operation: 'Outside', status: 200 },
      ]);
    });
  });
});
