// The transfer engine against the local endpoint: progress in acknowledged bytes, CRC32 per part verified by S3,
// interrupted uploads resumed from what ListParts says is there, changed files started over, cancel aborting a
// resumed upload, and the incomplete-upload listing behind *Clean Up Incomplete Uploads…*.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { startLocalAws, SEED, type LocalAws } from '../localAws';
import { runChain } from '../../src/core/aws/runChain';
import type { Session } from '../../src/core/session';
import type { BatchProgressReport } from '../../src/core/batchProgress';
import { MiB } from '../../src/core/s3Math';
import {
  abortIncompleteUploads,
  createS3ClientFor,
  listIncompleteUploads,
  MemoryResumeStore,
  s3AccessForStep,
  uploadBatch,
  type S3Gateway,
  type UploadBatchResult,
} from '../../src/core/aws/s3';

function writeRandomFile(file: string, bytes: number): string {
  const data = randomBytes(bytes);
  fs.writeFileSync(file, data);
  return createHash('sha256').update(data).digest('hex');
}

describe('transfer engine', function () {
  this.timeout(120_000);
  let aws: LocalAws;
  let session: Session;
  let tmp: string;
  let s3: S3Gateway;
  const bucket = SEED.bucket1;

  const ops = (operation: string, key: string): number => aws.requestLog().filter((e) => e.operation === operation && e.key === key).length;
  const okParts = (key: string): number => aws.requestLog().filter((e) => e.operation === 'UploadPart' && e.key === key && e.status === 200).length;
  const openUploads = async (prefix: string): Promise<string[]> =>
    ((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))).Uploads ?? []).map((u) => u.Key ?? '');
  const objectSha = async (key: string): Promise<string> => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return createHash('sha256').update(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).digest('hex');
  };

  before(async () => {
    aws = await startLocalAws();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-engine-'));
    session = await runChain(
      { name: 'engine', region: SEED.region, steps: [{ roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial }] },
      {
        endpoints: { sts: aws.endpoint },
        baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
        prompts: { externalId: async () => SEED.externalIdA, mfaCode: async () => aws.mfaCode(SEED.developerName) },
      },
    );
    s3 = createS3ClientFor(s3AccessForStep(session.steps[0] as Session['steps'][number], { s3: aws.endpoint, forcePathStyle: true }));
  });

  after(async () => {
    s3?.destroy();
    await aws?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => aws.setFaults({}));

  /**
   * Parts take a quarter of a second on this link, far longer than progress takes to report (≤ 100 ms), so a cut
   * decided on a report lands in the middle of the next part whatever the machine's speed.
   */
  const slowLink = (): void => aws.setFaults({ bandwidthBytesPerSec: 32 * MiB });
  /** The link goes down: open connections dropped, new ones refused. */
  const cut = (): void => aws.setFaults({ refuseAll: true, dropConnections: true });

  /** Uploads one file over the slow link, one request at a time, and cuts the link once `cutAt` bytes are acknowledged. */
  async function interruptedUpload(
    item: { localPath: string; key: string; size: number },
    store: MemoryResumeStore,
    cutAt: number,
    owner?: { chainName: string; stepIndex: number },
  ): Promise<UploadBatchResult> {
    slowLink();
    try {
      return await uploadBatch({
        items: [item],
        bucket,
        sse: { mode: 'none' },
        client: s3,
        maxRequests: 1,
        resume: store,
        ...(owner ? { owner } : {}),
        onProgress: (p) => {
          if (p.bytesDone >= cutAt) cut();
        },
      });
    } finally {
      aws.setFaults({});
    }
  }

  it('reports only bytes S3 acknowledged: every report is a sum of whole parts, even on a throttled link', async () => {
    const file = path.join(tmp, 'acked.bin');
    writeRandomFile(file, 20 * MiB);
    aws.setFaults({ bandwidthBytesPerSec: 40 * MiB });
    const reports: BatchProgressReport[] = [];
    const result = await uploadBatch({
      items: [{ localPath: file, key: 'engine/acked.bin', size: 20 * MiB }],
      bucket,
      sse: { mode: 'none' },
      client: s3,
      maxRequests: 2,
      onProgress: (p) => reports.push(p),
    });
    assert.deepEqual(result.failed, []);
    const seen = new Set(reports.map((r) => r.bytesDone));
    // Parts of 8, 8 and 4 MiB: whatever order they finish in, only these sums can be acknowledged.
    const possible = new Set([0, 4, 8, 12, 16, 20].map((n) => n * MiB));
    for (const n of seen) assert.ok(possible.has(n), `${n} bytes is not a sum of acknowledged parts`);
    assert.ok(seen.size >= 3, `progress moved part by part (saw ${[...seen].join(', ')})`);
  });

  it('sends each part with a CRC32 that S3 verifies, and completes with a composite checksum naming every part', async () => {
    const file = path.join(tmp, 'crc.bin');
    const sha = writeRandomFile(file, 17 * MiB);
    const result = await uploadBatch({ items: [{ localPath: file, key: 'engine/crc.bin', size: 17 * MiB }], bucket, sse: { mode: 'none' }, client: s3 });
    assert.deepEqual(result.failed, []);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'engine/crc.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumType, 'COMPOSITE');
    assert.match(head.ChecksumCRC32 ?? '', /^[A-Za-z0-9+/]{6}==-3$/, 'a CRC32 of the three parts\' CRC32s');
    assert.equal(await objectSha('engine/crc.bin'), sha);
  });

  it('resumes an upload cut at about half way: only the missing parts are sent, and the object is whole', async () => {
    const file = path.join(tmp, 'resume.bin');
    const size = 48 * MiB; // 6 parts of 8 MiB
    const sha = writeRandomFile(file, size);
    const store = new MemoryResumeStore();
    const key = 'engine/resume.bin';
    aws.clearRequestLog();
    const first = await interruptedUpload({ localPath: file, key, size }, store, size / 2, { chainName: 'engine', stepIndex: 0 });
    assert.equal(first.failed.length, 1, JSON.stringify(first));
    assert.equal(first.failed[0]?.resumable, true, first.failed[0]?.reason);
    assert.match(first.failed[0]?.reason ?? '', /try again to resume/);
    const record = [...store.records.values()][0];
    assert.ok(record, 'the interrupted upload is remembered');
    assert.equal(record.chainName, 'engine');
    const sentBefore = okParts(key);
    assert.ok(sentBefore >= 3 && sentBefore < 6, `parts acknowledged before the cut: ${sentBefore}`);
    assert.deepEqual(await openUploads('engine/resume'), [key], 'the upload is kept for resuming');

    aws.clearRequestLog();
    const second = await uploadBatch({ items: [{ localPath: file, key, size }], bucket, sse: { mode: 'none' }, client: s3, resume: store });
    assert.deepEqual(second.failed, []);
    assert.equal(second.uploaded[0]?.resumedBytes, sentBefore * 8 * MiB);
    assert.equal(ops('ListParts', key), 1);
    assert.equal(ops('CreateMultipartUpload', key), 0, 'no new upload was started');
    assert.equal(okParts(key), 6 - sentBefore, 'only the missing parts were sent');
    assert.equal(store.records.size, 0, 'the record is dropped once complete');
    assert.deepEqual(await openUploads('engine/resume'), []);
    assert.equal(await objectSha(key), sha);
  });

  it('starts over when the file changed since the interruption, aborting the old upload', async () => {
    const file = path.join(tmp, 'changed.bin');
    const size = 24 * MiB;
    writeRandomFile(file, size);
    const store = new MemoryResumeStore();
    const key = 'engine/changed.bin';
    const first = await interruptedUpload({ localPath: file, key, size }, store, 8 * MiB);
    assert.equal(first.failed[0]?.resumable, true);
    const oldId = [...store.records.keys()][0];
    const sha = writeRandomFile(file, size); // same size, new content and mtime
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    aws.clearRequestLog();
    const second = await uploadBatch({ items: [{ localPath: file, key, size }], bucket, sse: { mode: 'none' }, client: s3, resume: store });
    assert.deepEqual(second.failed, []);
    assert.equal(second.uploaded[0]?.resumedBytes, 0);
    assert.equal(ops('ListParts', key), 0, 'a changed file is never resumed');
    assert.equal(ops('AbortMultipartUpload', key), 1, 'the stale upload was aborted');
    assert.equal(okParts(key), 3);
    assert.ok(oldId && !store.records.has(oldId));
    assert.deepEqual(await openUploads('engine/changed'), []);
    assert.equal(await objectSha(key), sha);
  });

  it('cancelling a resumed upload aborts it and forgets it', async () => {
    const file = path.join(tmp, 'cancel.bin');
    const size = 32 * MiB;
    writeRandomFile(file, size);
    const store = new MemoryResumeStore();
    const key = 'engine/cancel.bin';
    await interruptedUpload({ localPath: file, key, size }, store, 8 * MiB);
    assert.equal(store.records.size, 1);
    const cancel = new AbortController();
    const result = await uploadBatch({
      items: [{ localPath: file, key, size }],
      bucket,
      sse: { mode: 'none' },
      client: s3,
      maxRequests: 1,
      resume: store,
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.bytesDone >= 16 * MiB) cancel.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.failed, []);
    assert.equal(store.records.size, 0);
    assert.deepEqual(await openUploads('engine/cancel'), []);
  });

  it('lists incomplete uploads with their age and size, and aborts the chosen ones', async () => {
    const file = path.join(tmp, 'left.bin');
    writeRandomFile(file, 16 * MiB);
    const store = new MemoryResumeStore();
    for (const key of ['engine/left/a.bin', 'engine/left/b.bin']) {
      await interruptedUpload({ localPath: file, key, size: 16 * MiB }, store, 8 * MiB);
    }
    const listed = await listIncompleteUploads(s3, { bucket, prefix: 'engine/left/' });
    assert.deepEqual(listed.uploads.map((u) => u.key), ['engine/left/a.bin', 'engine/left/b.bin']);
    for (const u of listed.uploads) {
      // The cut lands after one part or two (the part after the first may already be on its way).
      assert.ok(u.parts === 1 || u.parts === 2, `${u.key}: ${u.parts} parts`);
      assert.equal(u.bytes, (u.parts ?? 0) * 8 * MiB, `${u.key}: the size is its parts' sum`);
      assert.ok(u.initiated > Date.now() - 60_000 && u.initiated <= Date.now() + 1000);
    }
    const first = listed.uploads[0];
    assert.ok(first);
    const outcome = await abortIncompleteUploads(s3, bucket, [first]);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual(await openUploads('engine/left/'), ['engine/left/b.bin']);
    await abortIncompleteUploads(s3, bucket, listed.uploads.slice(1));
    assert.deepEqual(await openUploads('engine/left/'), []);
  });
});
