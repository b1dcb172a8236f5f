// Faults survived, nothing lost or left behind: the core (runChain, the upload engine, listing) against the local
// endpoint's fault modes. After every fault the test looks at what S3 holds — every file that should have landed
// is there byte for byte, no multipart upload is left open, no partial object exists — and at what the error
// carries: the right kind and a message that says what to do, with no credential anywhere inside it.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runChain, type RunChainOptions } from '../../src/core/aws/runChain';
import { createS3ClientFor, listAllObjects, listPage, s3AccessForStep, uploadBatch, type S3Gateway, type S3Port, type UploadBatchResult } from '../../src/core/aws/s3';
import { toUserMessage } from '../../src/core/errorMessages';
import { isRoleChainError, type RoleChainError } from '../../src/core/errors';
import { MiB } from '../../src/core/s3Math';
import type { Session, StepSession } from '../../src/core/session';
import { SingleFlight } from '../../src/core/singleFlight';
import type { BatchProgressReport } from '../../src/core/batchProgress';
import type { UploadItem } from '../../src/core/transfer';
import { expandUploadSources } from '../../src/core/uploadSources';
import { pollUntil } from '../harness/timebox';
import { SEED, seedScenario, startLocalAws, type LocalAws, type LocalAwsConfig } from '../localAws';
import { scriptedPrompts, seedBaseCredentials, seedChain, type ScriptedPrompts } from '../support/chainFixtures';

/** Runs and expects a RoleChainError; returns it. */
async function failure(p: Promise<unknown>): Promise<RoleChainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isRoleChainError(e), `not a RoleChainError: ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

/**
 * Every place inside `root` (own properties, enumerable or not, through `cause`, `$response`, sockets…) where one
 * of `secrets` occurs in a string or byte buffer. Getters are not called: only stored values are read.
 */
function secretPaths(root: unknown, secrets: readonly string[], maxDepth = 12): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const check = (text: string, where: string): void => {
    if (secrets.some((s) => text.includes(s))) found.push(where);
  };
  const walk = (value: unknown, where: string, depth: number): void => {
    if (typeof value === 'string') return check(value, where);
    if (value instanceof Uint8Array) return check(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1'), where);
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || depth > maxDepth || seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) walk(d.value, `${where}.${String(key)}`, depth + 1);
    }
    if (value instanceof Map) for (const [k, v] of value) walk(v, `${where}.get(${String(k)})`, depth + 1);
  };
  walk(root, 'error', 0);
  return found;
}

function writeRandom(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, randomBytes(bytes));
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A folder of files (relative path → size), written with random bytes. */
function makeFolder(root: string, files: Record<string, number>): void {
  for (const [rel, size] of Object.entries(files)) writeRandom(path.join(root, rel), size);
}

describe('reliability: faults survived, nothing lost or left behind', function () {
  this.timeout(120_000);
  let aws: LocalAws;
  let tmp: string;
  let session: Session;
  let s3: S3Gateway;
  const clients: S3Gateway[] = [];
  const realNow = Date.now;

  const prompts = (overrides?: Parameters<typeof scriptedPrompts>[1]): ScriptedPrompts => scriptedPrompts(() => aws.mfaCode(SEED.developerName), overrides);
  const options = (p: ScriptedPrompts, extra: Partial<RunChainOptions> = {}): RunChainOptions => ({
    prompts: p,
    endpoints: { sts: aws.endpoint },
    baseCredentials: seedBaseCredentials(),
    ...extra,
  });
  const clientFor = (step: StepSession, extra: { maxAttempts?: number } = {}): S3Gateway => {
    const c = createS3ClientFor(s3AccessForStep(step, { s3: aws.endpoint, forcePathStyle: true, chainName: 'seed-1', ...extra }));
    clients.push(c);
    return c;
  };
  const log = (operation: string) => aws.requestLog().filter((e) => e.operation === operation);

  /** Multipart uploads still open under a prefix of bucket1, asked by `client` (another valid principal where it matters). */
  async function openUploads(client: S3Port, prefix: string): Promise<string[]> {
    const out = await client.send(new ListMultipartUploadsCommand({ Bucket: SEED.bucket1, Prefix: prefix }));
    return (out.Uploads ?? []).map((u) => u.Key ?? '');
  }

  /** Every object under a prefix, with its bytes' sha256. */
  async function objectsUnder(client: S3Port, prefix: string): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for await (const page of listAllObjects(client, { bucket: SEED.bucket1, prefix })) {
      for (const o of page) {
        const out = await client.send(new GetObjectCommand({ Bucket: SEED.bucket1, Key: o.key }));
        result.set(o.key, sha256(Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray())));
      }
    }
    return result;
  }

  const localSha = (item: UploadItem): string => sha256(fs.readFileSync(item.localPath));

  /** Plans a folder the way the Upload Folder command does: expandUploadSources, then the items as planned. */
  async function plan(root: string, prefix: string): Promise<UploadItem[]> {
    const { items, problems } = await expandUploadSources([root], prefix);
    assert.deepEqual(problems, []);
    return items;
  }

  /** What S3 holds under the prefix is exactly the uploaded items, byte for byte: nothing partial, nothing extra. */
  async function assertExactlyUploaded(client: S3Port, prefix: string, result: UploadBatchResult, items: UploadItem[]): Promise<void> {
    const held = await objectsUnder(client, prefix);
    const uploaded = new Set(result.uploaded.map((u) => u.key));
    assert.deepEqual([...held.keys()].sort(), [...uploaded].sort(), 'only completed files exist under the prefix');
    for (const item of items) if (uploaded.has(item.key)) assert.equal(held.get(item.key), localSha(item), `${item.key} arrived intact`);
  }

  before(async () => {
    aws = await startLocalAws();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-faults-'));
    session = await runChain(seedChain(1), options(prompts()));
    s3 = clientFor(session.steps[0] as StepSession);
  });

  after(async () => {
    Date.now = realNow;
    for (const c of clients) c.destroy();
    await aws?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    aws.setFaults({});
    aws.clearRequestLog();
  });

  afterEach(() => {
    Date.now = realNow;
  });

  describe('chains', () => {
    it('endpoint down at step 1: kind network, naming the endpoint; no prompt is wasted on a second try', async () => {
      const down = await startLocalAws();
      const endpoint = down.endpoint;
      await down.stop();
      const p = prompts();
      const e = await failure(runChain(seedChain(2), { ...options(p), endpoints: { sts: endpoint } }));
      assert.equal(e.kind, 'network');
      assert.equal(e.stepIndex, 0);
      assert.equal(e.endpoint, endpoint);
      assert.match(e.message, new RegExp(`^Could not reach the STS endpoint ${endpoint.replace(/[.]/g, '\\.')}: connection refused\\. Check your network and the roleChains\\.endpoints\\.sts setting`));
      assert.deepEqual(p.calls.map((c) => c.ctx.stepIndex), [0, 0], 'step 2 was never prompted');
    });

    it('AccessDenied at step 2: names step 2 and RoleB, returns no session, and no step-1 credential escapes in the error', async () => {
      const p = prompts({ externalId: { 1: 'not-the-partner-id' } });
      let session2: Session | undefined;
      let caught: unknown;
      try {
        session2 = await runChain(seedChain(3), options(p));
      } catch (e) {
        caught = e;
      }
      assert.equal(session2, undefined, 'no session');
      assert.ok(isRoleChainError(caught));
      const e = caught;
      assert.equal(e.kind, 'access-denied');
      assert.equal(e.stepIndex, 1);
      assert.equal(e.roleArn, SEED.roleB);
      assert.match(e.message, /^Step 2\/3 \(role\/RoleB in 333333333333\) was denied: AccessDenied\. Check the ExternalId you typed/);
      const issued = aws.requestLog().filter((x) => x.operation === 'AssumeRole').map((x) => x.status);
      assert.deepEqual(issued, [200, 403], 'step 1 succeeded, step 2 was denied, step 3 never sent');

      // Step 1's keys exist only at the endpoint now: not in the message, the hint, the user message, nor
      // anywhere reachable from the error object (its cause chain, the SDK's raw response, sockets…).
      const secrets = [...aws.seenSecrets().map((s) => s.value), 'not-the-partner-id'];
      assert.ok(secrets.length >= 4, 'the endpoint recorded the issued keys');
      for (const text of [e.message, e.hint ?? '', toUserMessage(e), String(e), e.stack ?? '']) {
        assert.deepEqual(secretPaths(text, secrets), [], 'no secret in the texts');
      }
      assert.deepEqual(secretPaths(e, secrets), [], 'no secret reachable from the thrown error');
    });

    it('STS Throttling then success: retried by the SDK, the prompts asked once', async () => {
      aws.setFaults({ stsThrottleNext: 2 });
      const p = prompts();
      const s = await runChain(seedChain(2), options(p));
      assert.equal(s.steps.length, 2);
      assert.deepEqual(log('AssumeRole').map((x) => x.status), [400, 400, 200, 200]);
      assert.deepEqual(p.calls.map((c) => `${c.kind}@${c.ctx.stepIndex}`), ['externalId@0', 'mfaCode@0', 'externalId@1']);
    });

    it('two concurrent runs of one chain share one run: one prompt set, both callers get the same session', async () => {
      const flight = new SingleFlight<Session>();
      const chain = seedChain(2, 'shared');
      // The first prompt stays open until the second caller has arrived: the overlap is arranged, not timed.
      let answerFirst: (id: string) => void = () => undefined;
      const p = prompts({ externalId: { 0: () => new Promise<string>((r) => (answerFirst = r)) } });
      const first = flight.run(chain.name, () => runChain(chain, options(p)));
      await pollUntil(() => (p.calls.length > 0 ? true : undefined), 10_000, "the first run's prompt", 5);
      assert.equal(flight.isRunning(chain.name), true);
      const second = flight.run(chain.name, () => runChain(chain, options(p)));
      answerFirst(SEED.externalIdA);
      const [a, b] = await Promise.all([first, second]);
      assert.equal(a, b, 'the same session object');
      assert.equal(a.steps.length, 2);
      assert.deepEqual(p.calls.map((c) => `${c.kind}@${c.ctx.stepIndex}`), ['externalId@0', 'mfaCode@0', 'externalId@1']);
      assert.equal(log('AssumeRole').length, 2, 'one AssumeRole per step');
      assert.equal(flight.isRunning(chain.name), false);
    });
  });

  describe('uploads', () => {
    it('S3 SlowDown during a folder upload: retried, every file lands', async () => {
      const root = path.join(tmp, 'slow');
      makeFolder(root, { 'a.txt': 1000, 'b.txt': 2000, 'c/d.txt': 3000, 'c/e.txt': 4000, 'f.bin': 9 * MiB });
      const items = await plan(root, 'slowdown/');
      aws.setFaults({ s3SlowDownNext: 2 });
      const result = await uploadBatch({ items, bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3 });
      assert.deepEqual(result.failed, []);
      assert.equal(result.uploaded.length, items.length);
      assert.equal(aws.requestLog().filter((x) => x.errorCode === 'SlowDown').length, 2, 'two requests were slowed down and retried');
      await assertExactlyUploaded(s3, 'slowdown/', result, items);
      const listed = (await listPage(s3, { bucket: SEED.bucket1, prefix: 'slowdown/slow/', delimiter: '' })).objects.map((o) => [o.key, o.size]);
      assert.deepEqual(listed, items.map((i) => [i.key, i.size]));
      assert.deepEqual(await openUploads(s3, 'slowdown/'), []);
    });

    it("session reaching its end during a folder upload: in-flight multipart aborted, kind expired-credentials, completed files intact", async () => {
      // The wall clock (the SDK's, the product's and the endpoint's alike) jumps to 30 s before the session ends,
      // while the big file's first part is on the wire. The product treats the last minute as expired (a request
      // signed then could arrive after the end), so it must stop there — and abort the multipart upload while the
      // keys still work, because once they have expired nobody holding them can abort it any more.
      const fresh = await runChain(seedChain(1, 'expiring'), options(prompts()));
      const step = fresh.steps[0] as StepSession;
      const client = clientFor(step);
      const root = path.join(tmp, 'expiring');
      makeFolder(root, { 'a.txt': 100, 'b.txt': 200, 'c.txt': 300, 'z-big.bin': 20 * MiB, 'zz-after.txt': 400 });
      const items = await plan(root, 'expiry/');
      const smallBytes = 600;
      aws.setFaults({ bandwidthBytesPerSec: 16 * MiB });
      let shifted = false;
      const reports: BatchProgressReport[] = [];
      const result = await uploadBatch({
        items,
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client,
        concurrency: 1,
        maxRequests: 1,
        onProgress: (r) => {
          reports.push(r);
          if (!shifted && r.bytesDone > smallBytes + MiB) {
            shifted = true;
            const jump = step.expiresAt - 30_000 - realNow();
            Date.now = () => realNow() + jump;
          }
        },
      });
      assert.ok(shifted, 'the clock moved during the big file');
      aws.setFaults({});
      assert.deepEqual(result.uploaded.map((u) => u.key), ['expiry/expiring/a.txt', 'expiry/expiring/b.txt', 'expiry/expiring/c.txt']);
      const failedKeys = result.failed.map((f) => f.key);
      assert.deepEqual(failedKeys, ['expiry/expiring/z-big.bin', 'expiry/expiring/zz-after.txt']);
      for (const f of result.failed) {
        assert.match(f.reason, /session .*(has expired|expires in less than a minute).*run the chain again/i, f.reason);
        assert.doesNotMatch(f.reason, /could not be aborted|parts may remain/, `nothing was left behind: ${f.reason}`);
      }
      assert.equal(log('CreateMultipartUpload').length, 1);
      assert.equal(log('PutObject').filter((x) => x.key === 'expiry/expiring/zz-after.txt').length, 0, 'no request for the file after the expiry');

      // The kind the UI keys "Run Chain Again" on: the client refuses the dying session with expired-credentials.
      const e = await failure(listPage(client, { bucket: SEED.bucket1 }));
      assert.equal(e.kind, 'expired-credentials');

      // Another valid principal (the chain run again, at the new time) finds no open upload and exactly the three files.
      const again = await runChain(seedChain(1, 'again'), options(prompts()));
      const other = clientFor(again.steps[0] as StepSession);
      assert.deepEqual(await openUploads(other, 'expiry/'), [], 'no orphaned multipart upload');
      await assertExactlyUploaded(other, 'expiry/', result, items);
    });

    it('connection reset mid-part: the file is retried or fails cleanly, 0 orphaned uploads, other files unaffected', async () => {
      const root = path.join(tmp, 'reset');
      makeFolder(root, { 'a.txt': 5000, 'big.bin': 20 * MiB, 'c.txt': 7000, 'd/e.txt': 100 });
      const items = await plan(root, 'reset/');
      aws.setFaults({ resetAfterBodyBytes: 3 * MiB, resetOperation: 'UploadPart' });
      const result = await uploadBatch({ items, bucket: SEED.bucket1, sse: { mode: 'none' }, client: s3, concurrency: 2 });
      const big = items.find((i) => i.key.endsWith('big.bin')) as UploadItem;
      assert.equal(log('UploadPart').filter((x) => x.key === big.key && x.errorCode === 'ConnectionReset').length, 1, 'the reset cut one part off');
      const others = items.filter((i) => i !== big).map((i) => i.key);
      assert.deepEqual(result.uploaded.map((u) => u.key).filter((k) => k !== big.key).sort(), others.sort(), 'the other files all landed');
      const bigFailed = result.failed.find((f) => f.key === big.key);
      if (bigFailed) {
        assert.equal(result.failed.length, 1);
        assert.match(bigFailed.reason, /Could not upload to s3:\/\/bucket1\/reset\/reset\/big\.bin/);
      } else {
        assert.deepEqual(result.failed, []);
      }
      assert.deepEqual(await openUploads(s3, 'reset/'), [], 'no orphaned multipart upload');
      await assertExactlyUploaded(s3, 'reset/', result, items);
    });

    it('cancel mid-folder-upload: 0 orphaned uploads, no partial objects, the rest reported as not uploaded', async () => {
      const root = path.join(tmp, 'cancel');
      makeFolder(root, { 'a.txt': 1000, 'm-big.bin': 24 * MiB, 'n-big.bin': 24 * MiB, 'z.txt': 1000 });
      const items = await plan(root, 'cancel/');
      aws.setFaults({ bandwidthBytesPerSec: 8 * MiB });
      const controller = new AbortController();
      const result = await uploadBatch({
        items,
        bucket: SEED.bucket1,
        sse: { mode: 'none' },
        client: s3,
        concurrency: 2,
        signal: controller.signal,
        onProgress: (r) => {
          if (r.bytesDone > 4 * MiB) controller.abort();
        },
      });
      aws.setFaults({});
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.failed, []);
      const accounted = [...result.uploaded.map((u) => u.key), ...result.notUploaded.map((i) => i.key)].sort();
      assert.deepEqual(accounted, items.map((i) => i.key).sort(), 'every file is either uploaded or listed for a retry');
      assert.ok(result.notUploaded.some((i) => i.key.endsWith('m-big.bin')), 'the big file in flight was cancelled');
      assert.ok(log('CreateMultipartUpload').length >= 1, 'a multipart upload had started');
      assert.ok(log('AbortMultipartUpload').length >= 1, 'and was aborted');
      assert.deepEqual(await openUploads(s3, 'cancel/'), [], 'no orphaned multipart upload');
      await assertExactlyUploaded(s3, 'cancel/', result, items);
    });
  });

  describe('listing', () => {
    it('a denied listing is reported with no credential reachable from the error', async () => {
      const e = await failure(listPage(s3, { bucket: SEED.bucket2 }));
      assert.equal(e.kind, 'access-denied');
      assert.match(e.message, /^Could not list s3:\/\/bucket2\/ \(AccessDenied\): .*Check that the role grants this S3 action/);
      assert.deepEqual(secretPaths(e, aws.seenSecrets().map((x) => x.value)), [], 'no secret reachable from the thrown error');
    });

    it('endpoint stopped mid-listing: kind network; restarted on the same port, the same client lists again', async () => {
      // Long-term keys survive a restart (sessions do not): the developer may use bucket1 in this scenario.
      const config: LocalAwsConfig = seedScenario();
      const developer = config.users[0] as LocalAwsConfig['users'][number];
      developer.s3 = [{ bucket: SEED.bucket1, actions: ['list', 'get', 'put', 'delete'] }];
      let first: LocalAws | undefined = await startLocalAws({ config });
      let second: LocalAws | undefined;
      const port = first.port;
      const client = createS3ClientFor({
        credentials: { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey },
        region: SEED.region,
        endpoint: first.endpoint,
        forcePathStyle: true,
      });
      try {
        const seed = async (): Promise<void> => {
          for (let i = 0; i < 5; i++) await client.send(new PutObjectCommand({ Bucket: SEED.bucket1, Key: `list/k${i}.txt`, Body: `k${i}` }));
        };
        await seed();
        const page1 = await listPage(client, { bucket: SEED.bucket1, prefix: 'list/', pageSize: 2 });
        assert.deepEqual(page1.objects.map((o) => o.key), ['list/k0.txt', 'list/k1.txt']);
        assert.ok(page1.nextToken);

        first.setFaults({ latencyMs: 1000 });
        const pending = listPage(client, { bucket: SEED.bucket1, prefix: 'list/', pageSize: 2, continuationToken: page1.nextToken });
        // Stopped while the request is held at the endpoint (not before it got there, which would test a refusal).
        const endpoint = first;
        await pollUntil(() => (endpoint.requestsInFlight() > 0 ? true : undefined), 10_000, 'the page request to reach the endpoint', 5);
        const stopping = first.stop();
        first = undefined;
        const e = await failure(pending);
        await stopping;
        assert.equal(e.kind, 'network');
        assert.match(e.message, /^Could not list s3:\/\/bucket1\/list\/: .*Check your network and the roleChains\.endpoints\.s3 setting\.$/);

        second = await startLocalAws({ config, port });
        assert.equal(second.port, port);
        await seed();
        const again = await listPage(client, { bucket: SEED.bucket1, prefix: 'list/' });
        assert.deepEqual(again.objects.map((o) => o.key), ['list/k0.txt', 'list/k1.txt', 'list/k2.txt', 'list/k3.txt', 'list/k4.txt']);
        assert.equal(second.requestLog().filter((x) => x.operation === 'ListObjectsV2' && x.status === 200).length, 1);
      } finally {
        client.destroy();
        await first?.stop();
        await second?.stop();
      }
    });
  });
});
