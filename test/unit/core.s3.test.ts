// The S3 core against the local endpoint (real SDK clients, SigV4, wire protocol), with sessions from running the
// seed chain: RoleA (step 1) may use bucket1, RoleB (step 2) bucket2, which refuses unencrypted uploads.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { AbortMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalAws, seedScenario, SEED, type LocalAws } from '../localAws';
import { runChain } from '../../src/core/aws/runChain';
import type { ChainConfig } from '../../src/core/chain';
import type { Session } from '../../src/core/session';
import { isRoleChainError } from '../../src/core/errors';
import type { BatchProgressReport } from '../../src/core/batchProgress';
import type { UploadItem } from '../../src/core/transfer';
import { expandUploadSources } from '../../src/core/uploadSources';
import { MiB } from '../../src/core/s3Math';
import {
  countPrefix,
  createFolder,
  copyObject,
  createS3ClientFor,
  type S3Gateway,
  deleteObject,
  deletePrefix,
  downloadObject,
  downloadPrefix,
  getObjectText,
  listAllObjects,
  listBuckets,
  listPage,
  presignGetObject,
  s3AccessForStep,
  statObject,
  uploadBatch,
  type OverwriteDecision,
  type S3Access,
} from '../../src/core/aws/s3';

const CHAIN: ChainConfig = {
  name: 'seed',
  region: SEED.region,
  steps: [
    { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
    { roleArn: SEED.roleB, externalId: 'prompt' },
  ],
};

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function writeRandomFile(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= MiB) fs.writeSync(fd, randomBytes(Math.min(MiB, left)));
  } finally {
    fs.closeSync(fd);
  }
}

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** Progress reports must never go back and must end at the batch's totals. */
function assertProgress(reports: BatchProgressReport[], bytesTotal: number, filesTotal: number): void {
  assert.ok(reports.length > 0, 'progress was reported');
  for (let i = 1; i < reports.length; i++) {
    const [a, b] = [reports[i - 1], reports[i]] as [BatchProgressReport, BatchProgressReport];
    assert.ok(b.bytesDone >= a.bytesDone, `bytes went back: ${a.bytesDone} → ${b.bytesDone}`);
    assert.ok(b.filesDone >= a.filesDone, `files went back: ${a.filesDone} → ${b.filesDone}`);
  }
  const last = reports.at(-1) as BatchProgressReport;
  assert.equal(last.bytesTotal, bytesTotal);
  assert.equal(last.bytesDone, bytesTotal);
  assert.equal(last.filesTotal, filesTotal);
  assert.equal(last.filesDone, filesTotal);
}

function httpGet(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('S3 core against the local endpoint', function () {
  this.timeout(180_000);
  let aws: LocalAws;
  let session: Session;
  let tmp: string;
  let accessA: S3Access;
  let accessB: S3Access;
  let s3A: S3Gateway;
  let s3B: S3Gateway;

  const ops = (operation: string, key?: string): number =>
    aws.requestLog().filter((e) => e.operation === operation && (key === undefined || e.key === key)).length;

  before(async () => {
    aws = await startLocalAws();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-s3-'));
    session = await runChain(CHAIN, {
      endpoints: { sts: aws.endpoint },
      baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
      prompts: {
        externalId: async (ctx) => (ctx.stepIndex === 0 ? SEED.externalIdA : SEED.externalIdB),
        mfaCode: async () => aws.mfaCode(SEED.developerName),
      },
    });
    const endpointOptions = { s3: aws.endpoint, forcePathStyle: true, chainName: CHAIN.name };
    accessA = s3AccessForStep(session.steps[0] as Session['steps'][number], endpointOptions);
    accessB = s3AccessForStep(session.steps[1] as Session['steps'][number], endpointOptions);
    s3A = createS3ClientFor(accessA);
    s3B = createS3ClientFor(accessB);
  });

  after(async () => {
    s3A?.destroy();
    s3B?.destroy();
    await aws?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => aws.setFaults({}));

  describe('clients', () => {
    it('refuses expired credentials before sending anything, at creation and at each request', async () => {
      const step = session.steps[0] as Session['steps'][number];
      const late = { now: () => step.expiresAt + 1 };
      assert.throws(
        () => createS3ClientFor({ ...accessA, clock: late }),
        (e: unknown) => isRoleChainError(e) && e.kind === 'expired-credentials' && /run the chain again/i.test(e.message),
      );
      let now = Date.now();
      const client = createS3ClientFor({ ...accessA, clock: { now: () => now } });
      aws.clearRequestLog();
      now = step.expiresAt - 30_000; // within the skew: treated as expired
      await assert.rejects(
        listPage(client, { bucket: SEED.bucket1 }),
        (e: unknown) => isRoleChainError(e) && e.kind === 'expired-credentials',
      );
      assert.equal(aws.requestLog().length, 0, 'no request was sent with expired credentials');
      client.destroy();
    });
  });

  describe('seed scenario', () => {
    it('lists buckets as RoleA; RoleB may not list them and gets a typed result', async () => {
      const a = await listBuckets(s3A);
      assert.equal(a.denied, false);
      assert.ok(!a.denied && a.buckets.some((b) => b.name === SEED.bucket1));
      const b = await listBuckets(s3B);
      assert.equal(b.denied, true);
      assert.ok(b.denied && /ListAllMyBuckets/.test(b.message), b.denied ? b.message : '');
    });

    it("step 1's session writes bucket1 and is denied bucket2", async () => {
      const file = path.join(tmp, 'seed-a.txt');
      write(file, 'from step 1');
      const ok = await uploadBatch({ items: [{ localPath: file, key: 'seed/a.txt', size: 11 }], bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3A });
      assert.deepEqual(ok.uploaded.map((u) => u.key), ['seed/a.txt']);
      assert.deepEqual(ok.failed, []);

      const denied = await uploadBatch({ items: [{ localPath: file, key: 'seed/a.txt', size: 11 }], bucket: SEED.bucket2, sse: { mode: 'AES256' }, client: s3A });
      assert.equal(denied.uploaded.length, 0);
      assert.equal(denied.failed.length, 1);
      assert.match(denied.failed[0]?.reason ?? '', /AccessDenied/);
      assert.doesNotMatch(denied.failed[0]?.reason ?? '', /requires server-side encryption/, 'an encrypted upload denied is a permission problem');
      await assert.rejects(listPage(s3A, { bucket: SEED.bucket2 }), (e: unknown) => isRoleChainError(e) && e.kind === 'access-denied');
    });

    it("step 2's session writes bucket2 with AES256; an unencrypted upload there is refused with the explanation", async () => {
      const file = path.join(tmp, 'seed-b.txt');
      write(file, 'from step 2');
      const ok = await uploadBatch({ items: [{ localPath: file, key: 'seed/b.txt', size: 11 }], bucket: SEED.bucket2, sse: { mode: 'AES256' }, client: s3B });
      assert.deepEqual(ok.uploaded.map((u) => u.key), ['seed/b.txt']);
      assert.equal((await statObject(s3B, SEED.bucket2, 'seed/b.txt'))?.serverSideEncryption, 'AES256');

      const plain = await uploadBatch({
        items: [{ localPath: file, key: 'seed/plain.txt', size: 11 }],
        bucket: SEED.bucket2,
        sse: { mode: 'none' },
        client: s3B,
        chainName: CHAIN.name,
      });
      assert.equal(plain.failed.length, 1);
      const reason = plain.failed[0]?.reason ?? '';
      assert.match(reason, /requires server-side encryption/);
      assert.match(reason, /"s3\.sse" of chain "seed"/);
      assert.match(reason, /AES256/);
      assert.equal(await statObject(s3B, SEED.bucket2, 'seed/plain.txt'), undefined);

      // A folder marker is a write too: same rule, same explanation.
      await assert.rejects(createFolder(s3B, { bucket: SEED.bucket2, prefix: 'nope/', chainName: CHAIN.name }), /requires server-side encryption/);
      assert.deepEqual(await createFolder(s3B, { bucket: SEED.bucket2, prefix: 'reports', sse: { mode: 'AES256' } }), { key: 'reports/' });
    });
  });

  describe('listing', () => {
    const prefix = 'many/';
    before(async function () {
      this.timeout(120_000);
      // 2,500 keys: 5 folders of 480 and 100 at the top.
      const keys: string[] = [];
      for (let d = 0; d < 5; d++) for (let i = 0; i < 480; i++) keys.push(`${prefix}d${d}/k${String(i).padStart(4, '0')}.txt`);
      for (let i = 0; i < 100; i++) keys.push(`${prefix}top${String(i).padStart(3, '0')}.txt`);
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < keys.length) {
          const key = keys[next++] as string;
          await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: key, Body: Buffer.from(key) }));
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    });

    it('lists 2,500 keys through pages', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await listPage(s3A, { bucket: SEED.bucket1, prefix, delimiter: '', pageSize: 1000, ...(token ? { continuationToken: token } : {}) });
        pages++;
        assert.ok(page.objects.length <= 1000);
        assert.deepEqual(page.prefixes, []);
        seen.push(...page.objects.map((o) => o.key));
        token = page.nextToken;
      } while (token && pages < 10);
      assert.equal(pages, 3);
      assert.equal(seen.length, 2500);
      assert.equal(new Set(seen).size, 2500);
      assert.deepEqual(seen, [...seen].sort(), 'in key order');
      const obj = (await listPage(s3A, { bucket: SEED.bucket1, prefix: `${prefix}d0/`, pageSize: 1 })).objects[0];
      assert.equal(obj?.key, `${prefix}d0/k0000.txt`);
      assert.equal(obj?.size, Buffer.byteLength(`${prefix}d0/k0000.txt`));
      assert.ok(typeof obj?.lastModified === 'number' && typeof obj.etag === 'string');
    });

    it('lists folders with a delimiter, paging over prefixes and objects together', async () => {
      const first = await listPage(s3A, { bucket: SEED.bucket1, prefix, pageSize: 50 });
      assert.deepEqual(first.prefixes, ['many/d0/', 'many/d1/', 'many/d2/', 'many/d3/', 'many/d4/']);
      assert.equal(first.objects.length, 45);
      assert.ok(first.nextToken);
      const second = await listPage(s3A, { bucket: SEED.bucket1, prefix, pageSize: 1000, continuationToken: first.nextToken });
      assert.deepEqual(second.prefixes, []);
      assert.equal(second.objects.length, 55);
      assert.equal(second.nextToken, undefined);
      let all = 0;
      for await (const page of listAllObjects(s3A, { bucket: SEED.bucket1, prefix })) all += page.length;
      assert.equal(all, 2500);
    });

    it('counts a prefix, then deletes it in batches of at most 1,000', async () => {
      const count = await countPrefix(s3A, { bucket: SEED.bucket1, prefix });
      assert.equal(count.objects, 2500);
      aws.clearRequestLog();
      const progress: number[] = [];
      const result = await deletePrefix(s3A, { bucket: SEED.bucket1, prefix, onProgress: (n) => progress.push(n) });
      assert.deepEqual(result, { deleted: 2500, errors: [], cancelled: false });
      assert.equal(ops('DeleteObjects'), 3);
      assert.deepEqual(progress, [1000, 2000, 2500]);
      assert.equal((await countPrefix(s3A, { bucket: SEED.bucket1, prefix })).objects, 0);
    });

    it('reports per-key delete errors and refuses to empty a whole bucket', async () => {
      await assert.rejects(deletePrefix(s3A, { bucket: SEED.bucket1, prefix: '' }), /whole bucket/);
      await assert.rejects(deletePrefix(s3A, { bucket: SEED.bucket1, prefix: 'keep' }), /not a folder/, "'keep' would also take 'keep.txt'");
      // RoleC may list bucket1 but not delete: every key comes back as an error, none is lost silently.
      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'keep/x.txt', Body: 'x' }));
      const denied = await deletePrefix(s3B, { bucket: SEED.bucket2, prefix: 'seed/' });
      assert.ok(denied.deleted >= 1, 'RoleB may delete in bucket2');
      await assert.rejects(deletePrefix(s3B, { bucket: SEED.bucket1, prefix: 'keep/' }), (e: unknown) => isRoleChainError(e) && e.kind === 'access-denied');
      assert.ok(await statObject(s3A, SEED.bucket1, 'keep/x.txt'));
    });
  });

  describe('uploads', () => {
    it('round-trips a 50 MB file through multipart with equal sha256, SSE on every part, progress within parts', async () => {
      const file = path.join(tmp, 'big.bin');
      writeRandomFile(file, 50 * MiB);
      const reports: BatchProgressReport[] = [];
      aws.clearRequestLog();
      aws.setFaults({ bandwidthBytesPerSec: 20 * MiB }); // per connection: slow enough to see progress inside parts
      const result = await uploadBatch({
        items: [{ localPath: file, key: 'big/big.bin', size: 50 * MiB }],
        bucket: SEED.bucket1,
        sse: { mode: 'AES256' },
        client: s3A,
        onProgress: (p) => reports.push(p),
      });
      aws.setFaults({});
      assert.deepEqual(result.failed, []);
      assert.equal(result.uploaded.length, 1);
      assert.equal(ops('CreateMultipartUpload', 'big/big.bin'), 1);
      assert.equal(ops('UploadPart', 'big/big.bin'), 7, '50 MiB in 8 MiB parts');
      assert.equal(ops('CompleteMultipartUpload', 'big/big.bin'), 1);
      assertProgress(reports, 50 * MiB, 1);
      const partSize = 8 * MiB;
      assert.ok(
        reports.some((r) => r.bytesDone > 0 && r.bytesDone < 50 * MiB && r.bytesDone % partSize !== 0),
        `progress moved inside parts: ${reports.map((r) => r.bytesDone).join(', ')}`,
      );
      const head = await statObject(s3A, SEED.bucket1, 'big/big.bin');
      assert.equal(head?.size, 50 * MiB);
      assert.equal(head?.serverSideEncryption, 'AES256');

      const target = path.join(tmp, 'down', 'big.bin');
      const bytes: number[] = [];
      const down = await downloadObject({ client: s3A, bucket: SEED.bucket1, key: 'big/big.bin', targetPath: target, onBytes: (n) => bytes.push(n) });
      assert.equal(down.bytes, 50 * MiB);
      assert.equal(sha256File(target), sha256File(file));
      assert.equal(bytes.at(-1), 50 * MiB);
      assert.deepEqual(fs.readdirSync(path.dirname(target)), ['big.bin'], 'no temporary file left');
    });

    it('cancel mid-upload aborts the multipart upload: ListMultipartUploads is empty afterwards', async () => {
      const file = path.join(tmp, 'cancel.bin');
      writeRandomFile(file, 40 * MiB);
      const small = path.join(tmp, 'cancel-later.txt');
      write(small, 'never sent');
      aws.clearRequestLog();
      aws.setFaults({ bandwidthBytesPerSec: 4 * MiB });
      const controller = new AbortController();
      const result = await uploadBatch({
        items: [
          { localPath: file, key: 'cancel/cancel.bin', size: 40 * MiB },
          { localPath: small, key: 'cancel/later.txt', size: 10 },
        ],
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client: s3A,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 2 * MiB) controller.abort();
        },
      });
      aws.setFaults({});
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.uploaded, []);
      assert.deepEqual(result.failed, []);
      assert.deepEqual(result.notUploaded.map((i) => i.key).sort(), ['cancel/cancel.bin', 'cancel/later.txt']);
      assert.equal(ops('CreateMultipartUpload', 'cancel/cancel.bin'), 1, 'a multipart upload had started');
      assert.ok(ops('AbortMultipartUpload', 'cancel/cancel.bin') >= 1, 'it was aborted');
      assert.equal(ops('PutObject', 'cancel/later.txt'), 0, 'no new file started after the cancel');
      const uploads = await s3A.send(new ListMultipartUploadsCommand({ Bucket: SEED.bucket1 }));
      assert.deepEqual(uploads.Uploads ?? [], []);
      assert.equal(await statObject(s3A, SEED.bucket1, 'cancel/cancel.bin'), undefined);
    });

    it('stops a file whose session expires mid-upload, sends nothing more with it, and says parts may remain', async () => {
      const file = path.join(tmp, 'expire.bin');
      writeRandomFile(file, 30 * MiB);
      const step = session.steps[0] as Session['steps'][number];
      let now = Date.now();
      const client = createS3ClientFor({ ...accessA, clock: { now: () => now } });
      aws.clearRequestLog();
      aws.setFaults({ bandwidthBytesPerSec: 8 * MiB });
      const result = await uploadBatch({
        items: [{ localPath: file, key: 'expire/expire.bin', size: 30 * MiB }],
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client,
        maxRequests: 1,
        onProgress: (p) => {
          if (p.bytesDone > MiB) now = step.expiresAt + 1;
        },
      });
      aws.setFaults({});
      assert.equal(result.failed.length, 1, JSON.stringify(result));
      const reason = result.failed[0]?.reason ?? '';
      assert.match(reason, /has expired: run the chain again/);
      assert.match(reason, /could not be aborted/, 'the leftover parts are not hidden');
      assert.equal(ops('UploadPart', 'expire/expire.bin'), 1, 'no part was sent after the expiry');
      // The session that can still act cleans up what the expired one could not.
      const uploads = (await s3A.send(new ListMultipartUploadsCommand({ Bucket: SEED.bucket1 }))).Uploads ?? [];
      assert.deepEqual(uploads.map((u) => u.Key), ['expire/expire.bin']);
      for (const u of uploads) await s3A.send(new AbortMultipartUploadCommand({ Bucket: SEED.bucket1, Key: u.Key, UploadId: u.UploadId }));
      client.destroy();
    });

    it('survives a connection reset inside a part: the SDK retries it, the bytes arrive intact, progress never goes back', async () => {
      const file = path.join(tmp, 'reset.bin');
      writeRandomFile(file, 20 * MiB);
      aws.clearRequestLog();
      aws.setFaults({ resetAfterBodyBytes: 3 * MiB, resetOperation: 'UploadPart' });
      const reports: BatchProgressReport[] = [];
      const result = await uploadBatch({
        items: [{ localPath: file, key: 'reset/reset.bin', size: 20 * MiB }],
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client: s3A,
        onProgress: (p) => reports.push(p),
      });
      assert.deepEqual(result.failed, []);
      assert.equal(ops('UploadPart', 'reset/reset.bin'), 4, '3 parts, one of them sent twice');
      assertProgress(reports, 20 * MiB, 1);
      const target = path.join(tmp, 'reset-down.bin');
      await downloadObject({ client: s3A, bucket: SEED.bucket1, key: 'reset/reset.bin', targetPath: target });
      assert.equal(sha256File(target), sha256File(file));
    });

    it('works with checksums only where required (the option for older S3-compatible stores), single and multipart', async () => {
      const client = createS3ClientFor({ ...accessA, checksumWhenRequired: true });
      const small = path.join(tmp, 'cwr-small.txt');
      const large = path.join(tmp, 'cwr-large.bin');
      write(small, 'small');
      writeRandomFile(large, 12 * MiB);
      const result = await uploadBatch({
        items: [
          { localPath: small, key: 'cwr/small.txt', size: 5 },
          { localPath: large, key: 'cwr/large.bin', size: 12 * MiB },
        ],
        bucket: SEED.bucket1,
        sse: { mode: 'AES256' },
        client,
      });
      assert.deepEqual(result.failed, []);
      assert.equal(result.uploaded.length, 2);
      const target = path.join(tmp, 'cwr-down.bin');
      await downloadObject({ client, bucket: SEED.bucket1, key: 'cwr/large.bin', targetPath: target });
      assert.equal(sha256File(target), sha256File(large));
      client.destroy();
    });

    it('echoes SSE on HeadObject for AES256 and aws:kms uploads', async () => {
      const file = path.join(tmp, 'sse.txt');
      write(file, 'secret-ish');
      const kmsKeyId = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const aes = await uploadBatch({ items: [{ localPath: file, key: 'sse/aes.txt', size: 10 }], bucket: SEED.bucket1, sse: { mode: 'AES256' }, client: s3A });
      const kms = await uploadBatch({ items: [{ localPath: file, key: 'sse/kms.txt', size: 10 }], bucket: SEED.bucket1, sse: { mode: 'aws:kms', kmsKeyId }, client: s3A });
      assert.equal(aes.uploaded.length + kms.uploaded.length, 2, JSON.stringify([aes.failed, kms.failed]));
      assert.equal((await statObject(s3A, SEED.bucket1, 'sse/aes.txt'))?.serverSideEncryption, 'AES256');
      const k = await statObject(s3A, SEED.bucket1, 'sse/kms.txt');
      assert.equal(k?.serverSideEncryption, 'aws:kms');
      assert.equal(k?.kmsKeyId, kmsKeyId);
      await assert.rejects(
        uploadBatch({ items: [], bucket: SEED.bucket1, sse: { mode: 'AES256', kmsKeyId }, client: s3A }),
        /only applies with s3.sse "aws:kms"/,
      );
    });

    it('asks before overwriting: skip, overwrite, overwrite-all and cancel', async () => {
      const dir = path.join(tmp, 'ow');
      const item = (name: string): UploadItem => {
        const localPath = path.join(dir, name);
        return { localPath, key: `ow/${name}`, size: fs.statSync(localPath).size };
      };
      for (const n of ['a', 'b', 'c', 'd']) write(path.join(dir, `${n}.txt`), `old ${n}`);
      const seedItems = ['a', 'b', 'c'].map((n) => item(`${n}.txt`));
      assert.equal((await uploadBatch({ items: seedItems, bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3A })).uploaded.length, 3);
      for (const n of ['a', 'b', 'c', 'd']) write(path.join(dir, `${n}.txt`), `new ${n}`);
      const items = ['a', 'b', 'c', 'd'].map((n) => item(`${n}.txt`));
      const text = async (key: string): Promise<string> => {
        const r = await getObjectText(s3A, { bucket: SEED.bucket1, key });
        return r.kind === 'text' ? r.text : r.kind;
      };
      const run = async (answers: OverwriteDecision[]): Promise<{ asked: string[]; result: Awaited<ReturnType<typeof uploadBatch>> }> => {
        const asked: string[] = [];
        const result = await uploadBatch({
          items,
          bucket: SEED.bucket1,
          sse: { mode: 'none' },
          client: s3A,
          concurrency: 1,
          decideOverwrite: async (key) => {
            asked.push(key);
            return answers.shift() ?? 'skip';
          },
        });
        return { asked, result };
      };

      // skip a, overwrite b, skip c; d is new and never asked about.
      let r = await run(['skip', 'overwrite', 'skip']);
      assert.deepEqual(r.asked, ['ow/a.txt', 'ow/b.txt', 'ow/c.txt']);
      assert.deepEqual(r.result.skipped.map((i) => i.key), ['ow/a.txt', 'ow/c.txt']);
      assert.deepEqual(r.result.uploaded.map((i) => i.key), ['ow/b.txt', 'ow/d.txt']);
      assert.equal(await text('ow/a.txt'), 'old a');
      assert.equal(await text('ow/b.txt'), 'new b');

      // overwrite-all at the first question: no more questions.
      for (const n of ['a', 'b', 'c', 'd']) write(path.join(dir, `${n}.txt`), `newer ${n}`);
      r = await run(['overwrite-all']);
      assert.deepEqual(r.asked, ['ow/a.txt']);
      assert.equal(r.result.uploaded.length, 4);
      assert.equal(await text('ow/c.txt'), 'newer c');

      // cancel at the second question: the batch stops, nothing after it is sent.
      for (const n of ['a', 'b', 'c', 'd']) write(path.join(dir, `${n}.txt`), `newest ${n}`);
      r = await run(['overwrite', 'cancel']);
      assert.deepEqual(r.asked, ['ow/a.txt', 'ow/b.txt']);
      assert.equal(r.result.cancelled, true);
      assert.deepEqual(r.result.uploaded.map((i) => i.key), ['ow/a.txt']);
      assert.deepEqual(r.result.notUploaded.map((i) => i.key).sort(), ['ow/b.txt', 'ow/c.txt', 'ow/d.txt']);
      assert.equal(await text('ow/b.txt'), 'newer b');
      assert.equal(await text('ow/d.txt'), 'newer d');
    });

    it('uploads a folder: nested files go up; a loop, a broken link, a pipe and a vanished file are reported', async () => {
      const root = path.join(tmp, 'site');
      write(path.join(root, 'index.html'), '<h1>site</h1>');
      write(path.join(root, 'css', 'main.css'), 'body { margin: 0 }');
      write(path.join(root, 'img', 'deep', 'er', 'logo.svg'), '<svg/>');
      write(path.join(root, 'empty.txt'), '');
      write(path.join(root, 'gone.txt'), 'will vanish');
      fs.symlinkSync(root, path.join(root, 'img', 'loop'));
      fs.symlinkSync(path.join(tmp, 'missing'), path.join(root, 'broken'));
      execFileSync('mkfifo', [path.join(root, 'fifo')]);
      // "Unreadable" as root too (CI runs as root, and root reads mode-000 files): a broken link and a pipe at
      // planning time, a file that vanishes before its upload at sending time.
      const plan = await expandUploadSources([root], 'web/');
      assert.equal(plan.problems.length, 2, JSON.stringify(plan.problems));
      assert.deepEqual(plan.linksInside, [path.join(root, 'img', 'loop')]);
      assert.deepEqual(plan.items.map((i) => i.key), ['web/site/css/main.css', 'web/site/empty.txt', 'web/site/gone.txt', 'web/site/img/deep/er/logo.svg', 'web/site/index.html']);

      fs.rmSync(path.join(root, 'gone.txt')); // vanishes between planning and upload
      aws.clearRequestLog();
      const reports: BatchProgressReport[] = [];
      const result = await uploadBatch({ items: plan.items, bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3A, onProgress: (p) => reports.push(p) });
      assert.deepEqual(result.uploaded.map((u) => u.key).sort(), ['web/site/css/main.css', 'web/site/empty.txt', 'web/site/img/deep/er/logo.svg', 'web/site/index.html']);
      assert.equal(result.failed.length, 1);
      assert.match(result.failed[0]?.reason ?? '', /gone\.txt: the file no longer exists\. Nothing was sent/);
      assert.equal(aws.requestLog().filter((e) => e.key === 'web/site/gone.txt').length, 0, 'no request for the vanished file');
      const total = plan.items.reduce((n, i) => n + i.size, 0);
      assertProgress(reports, total, plan.items.length);

      const zero = await statObject(s3A, SEED.bucket1, 'web/site/empty.txt');
      assert.equal(zero?.size, 0, 'a zero-byte file uploads');
      assert.equal((await statObject(s3A, SEED.bucket1, 'web/site/index.html'))?.contentType, 'text/html; charset=utf-8');
      const listing = await listPage(s3A, { bucket: SEED.bucket1, prefix: 'web/site/' });
      assert.deepEqual(listing.prefixes, ['web/site/css/', 'web/site/img/']);

      // …and the folder comes back down, structure and bytes intact.
      const target = path.join(tmp, 'site-down');
      const downReports: BatchProgressReport[] = [];
      const down = await downloadPrefix({ client: s3A, bucket: SEED.bucket1, prefix: 'web/site/', targetDir: target, onProgress: (p) => downReports.push(p) });
      assert.deepEqual(down.failed, []);
      assert.equal(down.downloaded.length, 4);
      for (const rel of ['index.html', 'css/main.css', 'img/deep/er/logo.svg', 'empty.txt']) {
        assert.equal(sha256File(path.join(target, rel)), sha256File(path.join(root, rel)), rel);
      }
      assertProgress(downReports, total - 'will vanish'.length, 4);
    });

    it('fails a key over 1,024 bytes and a named pipe without a request, and uploads the rest of the batch', async () => {
      const file = path.join(tmp, 'k.txt');
      write(file, 'k');
      aws.clearRequestLog();
      const long = `long/${'x'.repeat(1020)}`;
      const fifo = path.join(tmp, 'direct.fifo');
      execFileSync('mkfifo', [fifo]);
      const result = await uploadBatch({
        items: [
          { localPath: file, key: long, size: 1 },
          { localPath: fifo, key: 'long/fifo', size: 0 }, // handed over directly, not through expansion: must not hang
          { localPath: file, key: 'long/ok.txt', size: 1 },
        ],
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client: s3A,
      });
      assert.equal(result.failed.length, 2);
      assert.match(result.failed.find((f) => f.key === long)?.reason ?? '', /at most 1024 bytes/);
      assert.match(result.failed.find((f) => f.key === 'long/fifo')?.reason ?? '', /not a regular file\. Nothing was sent/);
      assert.equal(aws.requestLog().filter((e) => e.key === 'long/fifo').length, 0);
      assert.deepEqual(result.uploaded.map((u) => u.key), ['long/ok.txt']);
      assert.equal(aws.requestLog().filter((e) => e.key === long).length, 0);
      await assert.rejects(uploadBatch({ items: [], bucket: 'Not_A_Bucket', sse: { mode: 'none' }, client: s3A }), /Bucket "Not_A_Bucket"/);
    });
  });

  describe('a bucket in another region', () => {
    let euAws: LocalAws;
    let eu: S3Gateway;
    const bucket = 'bucket-eu';

    before(async () => {
      const config = seedScenario();
      config.buckets.push({ name: bucket, region: 'eu-west-1' });
      config.roles.find((r) => r.arn === SEED.roleA)?.s3?.push({ bucket, actions: ['list', 'get', 'put', 'delete'] });
      euAws = await startLocalAws({ config });
      const euSession = await runChain({ ...CHAIN, steps: CHAIN.steps.slice(0, 1) }, {
        endpoints: { sts: euAws.endpoint },
        baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
        prompts: { externalId: async () => SEED.externalIdA, mfaCode: async () => euAws.mfaCode(SEED.developerName) },
      });
      eu = createS3ClientFor(s3AccessForStep(euSession.steps[0] as Session['steps'][number], { s3: euAws.endpoint, forcePathStyle: true }));
    });

    after(async () => {
      eu?.destroy();
      await euAws?.stop();
    });

    it("is reached with the session's us-east-1 client: one refused request teaches the client the region", async () => {
      const file = path.join(tmp, 'eu.bin');
      writeRandomFile(file, 12 * MiB);
      const [euPage, homePage] = await Promise.all([listPage(eu, { bucket }), listPage(eu, { bucket: SEED.bucket1 })]);
      assert.deepEqual(euPage.objects, []);
      assert.ok(Array.isArray(homePage.objects), 'a home-region bucket keeps working alongside');
      const result = await uploadBatch({ items: [{ localPath: file, key: 'eu/eu.bin', size: 12 * MiB }], bucket, sse: { mode: 'AES256' }, client: eu });
      assert.deepEqual(result.failed, []);
      const refused = euAws.requestLog().filter((e) => e.bucket === bucket && e.status === 400);
      assert.equal(refused.length, 1, 'only the first request for the bucket was signed for the wrong region');
      const { url } = await presignGetObject(eu, { bucket, key: 'eu/eu.bin', expiresIn: 60, sessionExpiresAt: Date.now() + 3_600_000 });
      assert.match(url, /eu-west-1/);
      const got = await httpGet(url);
      assert.equal(got.status, 200);
      assert.equal(createHash('sha256').update(got.body).digest('hex'), sha256File(file));
    });
  });

  describe('other actions', () => {
    it('cancelling a download removes its temporary file and leaves no target', async () => {
      const file = path.join(tmp, 'dl.bin');
      writeRandomFile(file, 12 * MiB);
      await uploadBatch({ items: [{ localPath: file, key: 'dl/dl.bin', size: 12 * MiB }], bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3A });
      aws.setFaults({ bandwidthBytesPerSec: 2 * MiB });
      const controller = new AbortController();
      const dir = path.join(tmp, 'dl-cancel');
      await assert.rejects(
        downloadObject({
          client: s3A,
          bucket: SEED.bucket1,
          key: 'dl/dl.bin',
          targetPath: path.join(dir, 'dl.bin'),
          signal: controller.signal,
          onBytes: (n) => {
            if (n > MiB) controller.abort();
          },
        }),
        (e: unknown) => isRoleChainError(e) && e.kind === 'cancelled',
      );
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it('creates folders, copies and deletes objects', async () => {
      assert.deepEqual(await createFolder(s3A, { bucket: SEED.bucket1, prefix: 'made/here' }), { key: 'made/here/' });
      const page = await listPage(s3A, { bucket: SEED.bucket1, prefix: 'made/' });
      assert.deepEqual(page.prefixes, ['made/here/']);
      const inside = await listPage(s3A, { bucket: SEED.bucket1, prefix: 'made/here/' });
      assert.deepEqual(inside.objects, [], 'the folder marker itself is not listed as an object');

      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'copy/src file+ü.txt', Body: 'copy me' }));
      await copyObject(s3A, { bucket: SEED.bucket1, key: 'copy/src file+ü.txt', targetKey: 'copy/dst.txt', sse: { mode: 'AES256' } });
      const copied = await statObject(s3A, SEED.bucket1, 'copy/dst.txt');
      assert.equal(copied?.size, 7);
      assert.equal(copied?.serverSideEncryption, 'AES256');
      await deleteObject(s3A, SEED.bucket1, 'copy/dst.txt');
      assert.equal(await statObject(s3A, SEED.bucket1, 'copy/dst.txt'), undefined);
    });

    it('reads text for the viewer and refuses large or binary objects', async () => {
      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'view/readme.md', Body: '# Hello\nwörld\n', ContentType: 'text/markdown' }));
      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'view/blob.bin', Body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) }));
      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'view/big.txt', Body: 'a'.repeat(2048) }));
      assert.deepEqual(await getObjectText(s3A, { bucket: SEED.bucket1, key: 'view/readme.md' }), {
        kind: 'text',
        text: '# Hello\nwörld\n',
        size: Buffer.byteLength('# Hello\nwörld\n'),
        contentType: 'text/markdown',
        // The version read, for an Edit's If-Match (a single PUT's ETag is the MD5 of the body).
        etag: `"${createHash('md5').update('# Hello\nwörld\n').digest('hex')}"`,
      });
      assert.equal((await getObjectText(s3A, { bucket: SEED.bucket1, key: 'view/blob.bin' })).kind, 'binary');
      assert.deepEqual(await getObjectText(s3A, { bucket: SEED.bucket1, key: 'view/big.txt', maxBytes: 1024 }), { kind: 'too-large', size: 2048, maxBytes: 1024 });
      await assert.rejects(getObjectText(s3A, { bucket: SEED.bucket1, key: 'view/none.txt' }), /does not exist/);
    });

    it("presigns a GET that works, and refuses an expiry beyond the session's remaining life", async () => {
      await s3A.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: 'share/file.txt', Body: 'shared' }));
      const step = session.steps[0] as Session['steps'][number];
      const clock = { now: () => step.expiresAt - 120_000 }; // two minutes left
      await assert.rejects(
        presignGetObject(s3A, { bucket: SEED.bucket1, key: 'share/file.txt', expiresIn: 121, sessionExpiresAt: step.expiresAt, clock }),
        (e: unknown) => isRoleChainError(e) && e.kind === 'validation' && /at most 120 seconds/.test(e.message),
      );
      await assert.rejects(
        presignGetObject(s3A, { bucket: SEED.bucket1, key: 'share/file.txt', expiresIn: 3600, sessionExpiresAt: session.expiresAt }),
        /at most \d+ seconds/,
        'a one-hour URL from a chained session that has already used some of its hour',
      );
      const { url, expiresAt } = await presignGetObject(s3A, { bucket: SEED.bucket1, key: 'share/file.txt', expiresIn: 60, sessionExpiresAt: session.expiresAt });
      assert.ok(expiresAt <= session.expiresAt);
      assert.match(url, /X-Amz-Expires=60/);
      const got = await httpGet(url);
      assert.equal(got.status, 200);
      assert.equal(got.body.toString(), 'shared');
    });

    it('answers a missing object with a sentence that names it', async () => {
      await assert.rejects(
        downloadObject({ client: s3A, bucket: SEED.bucket1, key: 'nope/none.bin', targetPath: path.join(tmp, 'none.bin') }),
        (e: unknown) => isRoleChainError(e) && /s3:\/\/bucket1\/nope\/none\.bin/.test(e.message) && /does not exist/.test(e.message),
      );
      assert.equal(fs.existsSync(path.join(tmp, 'none.bin')), false);
      const out = await s3A.send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: 'share/file.txt' }));
      assert.equal(await out.Body?.transformToString(), 'shared');
    });
  });
});
