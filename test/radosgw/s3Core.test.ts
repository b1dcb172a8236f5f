// The S3 core against a production S3 implementation: a real Ceph RADOS Gateway (Debian's radosgw 16), reached
// the way a person would configure an S3-compatible store — a custom endpoint, path-style addressing and the
// per-endpoint "checksums only where required" option Ceph 16 needs. Chains stay on the local endpoint (Ceph's
// STS is not AWS-like); here the gateway's own S3 user signs. Without the packages, every test is skipped.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  countPrefix,
  createS3ClientFor,
  type S3Gateway,
  type S3Port,
  deleteObject,
  deletePrefix,
  downloadObject,
  downloadPrefix,
  listAllObjects,
  listBuckets,
  listPage,
  presignGetObject,
  statObject,
  uploadBatch,
  type S3Access,
} from '../../src/core/aws/s3';
import { isRoleChainError } from '../../src/core/errors';
import { MiB } from '../../src/core/s3Math';
import { expandUploadSources } from '../../src/core/uploadSources';
import { APT_PACKAGES, missingPrograms, startRadosGateway, type RadosGateway } from './cluster';
import { skipBecause } from '../support/skip';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function writeRandom(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, randomBytes(bytes));
}

describe('S3 core against a real Ceph RADOS Gateway', function () {
  this.timeout(120_000);
  let gw: RadosGateway | undefined;
  let access: S3Access;
  let s3: S3Gateway;
  let tmp: string;
  const bucket = `rc-radosgw-${randomBytes(4).toString('hex')}`;
  const none = { mode: 'none' } as const; // SSE needs TLS and a KMS on Ceph; the store's default applies

  async function openUploads(): Promise<string[]> {
    const out = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return (out.Uploads ?? []).map((u) => u.Key ?? '');
  }

  before(async function () {
    const missing = missingPrograms();
    if (missing.length > 0) {
      skipBecause(this, `radosgw layer: ${missing.join(', ')} not installed (apt-get install ${APT_PACKAGES})`);
    }
    this.timeout(150_000);
    gw = await startRadosGateway({ timeoutMs: 120_000 });
    console.log(`    RADOS Gateway up at ${gw.endpoint} in ${(gw.startupMs / 1000).toFixed(1)} s${gw.osdStarts > 1 ? ` (OSD started ${gw.osdStarts} times)` : ''}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-rgw-files-'));
    access = {
      credentials: { accessKeyId: gw.accessKeyId, secretAccessKey: gw.secretAccessKey },
      region: gw.region,
      endpoint: gw.endpoint,
      forcePathStyle: true,
      checksumWhenRequired: true,
    };
    s3 = createS3ClientFor(access);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  after(async () => {
    s3?.destroy();
    await gw?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists buckets', async () => {
    const result = await listBuckets(s3);
    assert.equal(result.denied, false);
    assert.ok(!result.denied && result.buckets.some((b) => b.name === bucket));
  });

  describe('listing', () => {
    const folders = ['a', 'b', 'c'];
    const keys = [...folders.flatMap((f) => Array.from({ length: 5 }, (_, i) => `tree/${f}/k${i}.txt`)), ...Array.from({ length: 8 }, (_, i) => `tree/top${i}.txt`)].sort();

    before(async () => {
      await Promise.all(keys.map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))));
    });

    it('pages folders and objects with a delimiter, nothing repeated or lost', async () => {
      const prefixes: string[] = [];
      const objects: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await listPage(s3, { bucket, prefix: 'tree/', pageSize: 4, ...(token ? { continuationToken: token } : {}) });
        assert.ok(page.prefixes.length + page.objects.length <= 4, 'a page holds at most pageSize entries');
        prefixes.push(...page.prefixes);
        objects.push(...page.objects.map((o) => o.key));
        token = page.nextToken;
        pages++;
      } while (token && pages < 20);
      assert.equal(token, undefined, 'the listing ended');
      assert.deepEqual(prefixes, ['tree/a/', 'tree/b/', 'tree/c/']);
      assert.deepEqual(objects, keys.filter((k) => /^tree\/top/.test(k)));
      assert.ok(pages >= 3, `${pages} pages`);
    });

    it('pages every key without a delimiter, and counts them', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await listPage(s3, { bucket, prefix: 'tree/', delimiter: '', pageSize: 10, ...(token ? { continuationToken: token } : {}) });
        assert.deepEqual(page.prefixes, []);
        seen.push(...page.objects.map((o) => o.key));
        token = page.nextToken;
        pages++;
      } while (token && pages < 20);
      assert.equal(pages, 3);
      assert.deepEqual(seen, keys);
      let walked = 0;
      for await (const page of listAllObjects(s3, { bucket, prefix: 'tree/' })) walked += page.length;
      assert.equal(walked, keys.length);
      const count = await countPrefix(s3, { bucket, prefix: 'tree/b/' });
      assert.deepEqual(count, { objects: 5, bytes: keys.filter((k) => k.startsWith('tree/b/')).reduce((n, k) => n + Buffer.byteLength(k), 0) });
    });
  });

  describe('transfers', () => {
    it('uploads a folder (a 21 MiB multipart file, small files, an empty one) and downloads it with equal sha256', async () => {
      const root = path.join(tmp, 'site');
      writeRandom(path.join(root, 'big.bin'), 21 * MiB);
      writeRandom(path.join(root, 'css', 'main.css'), 3000);
      fs.writeFileSync(path.join(root, 'empty.txt'), '');
      const plan = await expandUploadSources([root], 'up/');
      assert.deepEqual(plan.problems, []);
      const result = await uploadBatch({ items: plan.items, bucket, sse: none, client: s3 });
      assert.deepEqual(result.failed, []);
      assert.equal(result.uploaded.length, 3);
      const head = await statObject(s3, bucket, 'up/site/big.bin');
      assert.equal(head?.size, 21 * MiB);
      assert.match(head?.etag ?? '', /-3"?$/, 'stored as a 3-part multipart object');
      assert.equal((await statObject(s3, bucket, 'up/site/empty.txt'))?.size, 0);

      const one = path.join(tmp, 'down-one', 'big.bin');
      const down = await downloadObject({ client: s3, bucket, key: 'up/site/big.bin', targetPath: one });
      assert.equal(down.bytes, 21 * MiB);
      assert.equal(sha256(fs.readFileSync(one)), sha256(fs.readFileSync(path.join(root, 'big.bin'))));

      const target = path.join(tmp, 'down-all');
      const all = await downloadPrefix({ client: s3, bucket, prefix: 'up/site/', targetDir: target });
      assert.deepEqual(all.failed, []);
      for (const rel of ['big.bin', 'css/main.css', 'empty.txt']) {
        assert.equal(sha256(fs.readFileSync(path.join(target, rel))), sha256(fs.readFileSync(path.join(root, rel))), rel);
      }
    });

    it('cancelling a multipart upload aborts it: ListMultipartUploads is empty, no object is left', async () => {
      const file = path.join(tmp, 'cancel.bin');
      writeRandom(file, 30 * MiB);
      const controller = new AbortController();
      // Cancel as soon as the gateway has accepted the first part: deterministic however fast the store is.
      const watched: S3Port = {
        send: (async (command: Parameters<S3Client['send']>[0], options?: unknown) => {
          const out = await (s3.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
          if (command instanceof UploadPartCommand) controller.abort();
          return out;
        }) as S3Client['send'],
      };
      const result = await uploadBatch({
        items: [{ localPath: file, key: 'cancel/cancel.bin', size: 30 * MiB }],
        bucket,
        sse: none,
        client: watched,
        // The wrapper hides the gateway's checksumWhenRequired setting this store needs: say it here.
        checksums: false,
        maxRequests: 1,
        signal: controller.signal,
      });
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.uploaded, []);
      assert.deepEqual(result.failed, []);
      assert.deepEqual(result.notUploaded.map((i) => i.key), ['cancel/cancel.bin']);
      assert.deepEqual(await openUploads(), [], 'no multipart upload left open');
      assert.equal(await statObject(s3, bucket, 'cancel/cancel.bin'), undefined);
    });
  });

  describe('object actions', () => {
    it('deletes an object and a prefix', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'del/one.txt', Body: 'one' }));
      assert.ok(await statObject(s3, bucket, 'del/one.txt'));
      await deleteObject(s3, bucket, 'del/one.txt');
      assert.equal(await statObject(s3, bucket, 'del/one.txt'), undefined);

      const before = await countPrefix(s3, { bucket, prefix: 'tree/' });
      assert.ok(before.objects > 0);
      const result = await deletePrefix(s3, { bucket, prefix: 'tree/' });
      assert.deepEqual(result, { deleted: before.objects, errors: [], cancelled: false });
      assert.equal((await countPrefix(s3, { bucket, prefix: 'tree/' })).objects, 0);
    });

    it('presigns a GET that the gateway honours, and refuses a tampered one', async () => {
      const body = `shared ${randomBytes(8).toString('hex')}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'share/file.txt', Body: body }));
      const { url } = await presignGetObject(s3, { bucket, key: 'share/file.txt', expiresIn: 120, sessionExpiresAt: Date.now() + 3_600_000 });
      assert.ok(url.startsWith(`${gw?.endpoint}/${bucket}/share/file.txt?`), 'path-style URL on the custom endpoint');
      const ok = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), body);
      const tampered = await fetch(url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`), { signal: AbortSignal.timeout(10_000) });
      assert.equal(tampered.status, 403, 'the gateway verifies the signature');
      await tampered.arrayBuffer();
    });

    it('a missing object is reported by name', async () => {
      await assert.rejects(
        downloadObject({ client: s3, bucket, key: 'nope/none.bin', targetPath: path.join(tmp, 'none.bin') }),
        (e: unknown) => isRoleChainError(e) && /s3:\/\/rc-radosgw-[0-9a-f]+\/nope\/none\.bin/.test(e.message) && /does not exist/.test(e.message),
      );
      assert.equal(fs.existsSync(path.join(tmp, 'none.bin')), false);
    });
  });
});
