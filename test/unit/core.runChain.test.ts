// runChain and whoAmI with the real SDK against the local AWS endpoint's seed scenario.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBaseCredentials, runChain, whoAmI, type RunChainOptions } from '../../src/core/aws';
import type { ChainConfig } from '../../src/core/chain';
import { toUserMessage } from '../../src/core/errorMessages';
import { isCancelled, type RoleChainError } from '../../src/core/errors';
import { isExpired, secretsOf, type Session } from '../../src/core/session';
import { SingleFlight } from '../../src/core/singleFlight';
import { pollUntil } from '../harness/timebox';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { scriptedPrompts, seedBaseCredentials, seedChain, type ScriptedPrompts } from '../support/chainFixtures';

const ONE_HOUR = 3_600_000;

/** Runs and expects a RoleChainError; returns it. */
async function failure(p: Promise<unknown>): Promise<RoleChainError> {
  try {
    const result = await p;
    assert.fail(`expected a failure, got ${JSON.stringify(result && typeof result === 'object' ? Object.keys(result) : result)}`);
  } catch (e) {
    if ((e as Error).name === 'AssertionError') throw e;
    assert.ok(typeof (e as RoleChainError).kind === 'string', `not a RoleChainError: ${String(e)}`);
    return e as RoleChainError;
  }
}

/** A code that is valid at no moment within ±1 step of now. */
function wrongCode(aws: LocalAws): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => aws.mfaCode(SEED.developerName, now + d)));
  for (let i = 0; i < 10; i++) {
    const candidate = String((Number(aws.mfaCode(SEED.developerName, now)) + 111_111 * (i + 1)) % 1_000_000).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
  throw new Error('no wrong code found');
}

describe('runChain against the local endpoint', function () {
  let aws: LocalAws;
  const assumeRoles = () => aws.requestLog().filter((e) => e.operation === 'AssumeRole');

  before(async () => {
    aws = await startLocalAws();
  });
  after(async () => {
    await aws?.stop();
  });
  beforeEach(() => {
    aws.setFaults({});
    aws.clearRequestLog();
  });

  function options(prompts: ScriptedPrompts, extra: Partial<RunChainOptions> = {}): RunChainOptions {
    return { prompts, endpoints: { sts: aws.endpoint }, baseCredentials: seedBaseCredentials(), ...extra };
  }
  const prompts = (overrides?: Parameters<typeof scriptedPrompts>[1]) => scriptedPrompts(() => aws.mfaCode(SEED.developerName), overrides);

  /** Every secret the endpoint saw or issued, plus the seed's ExternalIds: none may appear in an error. */
  function assertNoSecretsIn(e: RoleChainError): void {
    const secrets = [...aws.seenSecrets().map((s) => s.value), SEED.externalIdA, SEED.externalIdB, SEED.developerSecretAccessKey];
    for (const text of [e.message, e.hint ?? '', toUserMessage(e)]) {
      for (const s of secrets) assert.ok(!text.includes(s), `a ${s.length}-character secret leaked into: ${text}`);
    }
  }

  it('runs a 1-step chain with ExternalId and MFA', async () => {
    const p = prompts();
    const events: string[] = [];
    const session = await runChain(seedChain(1), options(p, { onStep: (e) => events.push(`${e.stepIndex}:${e.phase}`) }));
    assert.equal(session.steps.length, 1);
    const step = session.steps[0]!;
    assert.equal(step.account, SEED.roleAAccount);
    assert.match(step.assumedRoleArn, /^arn:aws:sts::222222222222:assumed-role\/RoleA\/role-chains-[\w+=,.@-]+$/);
    assert.match(step.credentials.accessKeyId, /^ASIA/);
    assert.equal(step.requestedDurationSeconds, 3600);
    assert.equal(session.expiresAt, step.expiresAt);
    assert.ok(Math.abs(step.expiresAt - Date.now() - ONE_HOUR) < 60_000, 'DurationSeconds defaults to 3600');
    assert.deepEqual(p.calls.map((c) => `${c.kind}@${c.ctx.stepIndex}`), ['externalId@0', 'mfaCode@0']);
    assert.deepEqual(p.calls[0]!.ctx, { chainName: 'seed-1', stepIndex: 0, stepCount: 1, roleArn: SEED.roleA, roleName: 'RoleA', account: SEED.roleAAccount, mfaSerial: SEED.mfaSerial });
    assert.deepEqual(events, ['0:prompting', '0:assuming', '0:done']);
    assert.deepEqual(assumeRoles().map((e) => [e.status, e.principal]), [[200, SEED.developerArn]]);
  });

  it('runs a 2-step chain, step 2 signed with step 1 session', async () => {
    const chain = seedChain(2);
    chain.steps[1]!.durationSeconds = 900;
    chain.steps[1]!.sessionName = 'deployer-bob';
    const session = await runChain(chain, options(prompts(), { sessionNameTemplate: 'rc-${chain}-${step}' }));
    assert.deepEqual(session.steps.map((s) => s.assumedRoleArn), [
      'arn:aws:sts::222222222222:assumed-role/RoleA/rc-seed-2-1',
      'arn:aws:sts::333333333333:assumed-role/RoleB/deployer-bob',
    ]);
    const log = assumeRoles();
    assert.equal(log.length, 2);
    assert.equal(log[1]!.principal, session.steps[0]!.assumedRoleArn, 'step 2 used step 1 credentials');
    assert.equal(log[1]!.accessKeyId, session.steps[0]!.credentials.accessKeyId);
    assert.equal(session.expiresAt, session.steps[1]!.expiresAt, 'the chain expires with its earliest step');
    assert.ok(session.steps[1]!.expiresAt < session.steps[0]!.expiresAt);
  });

  it('runs a 3-step chain RoleA → RoleB → RoleC and whoAmI shows each identity', async () => {
    const p = prompts();
    const session = await runChain(seedChain(3), options(p));
    assert.deepEqual(session.steps.map((s) => s.account), [SEED.roleAAccount, SEED.roleBAccount, SEED.roleCAccount]);
    assert.match(session.steps[2]!.assumedRoleArn, /^arn:aws:sts::444444444444:assumed-role\/RoleC\//);
    assert.equal(p.calls.filter((c) => c.kind === 'externalId').length, 2, 'RoleC needs no ExternalId');
    assert.equal(p.calls.find((c) => c.ctx.stepIndex === 2), undefined);

    aws.clearRequestLog();
    const ids = await whoAmI(session, { sts: aws.endpoint });
    assert.deepEqual(ids.map((i) => [i.stepIndex, i.arn, i.account]), session.steps.map((s) => [s.index, s.assumedRoleArn, s.account]));
    assert.ok(ids.every((i) => i.userId.startsWith('AROA')));
    assert.equal(aws.requestLog().filter((e) => e.operation === 'GetCallerIdentity' && e.status === 200).length, 3);
  });

  it('wrong ExternalId at step 2: names step 2 and RoleB, returns nothing', async () => {
    const e = await failure(runChain(seedChain(3), options(prompts({ externalId: { 1: 'not-the-right-id' } }))));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 1);
    assert.equal(e.stepCount, 3);
    assert.equal(e.roleArn, SEED.roleB);
    assert.equal(e.awsCode, 'AccessDenied');
    assert.equal(e.message, "Step 2/3 (role/RoleB in 333333333333) was denied: AccessDenied. Check the ExternalId you typed and that the role's trust policy allows the previous step.");
    assert.deepEqual(assumeRoles().map((x) => x.status), [200, 403], 'step 3 was never attempted');
    assertNoSecretsIn(e);
  });

  it('MFA: a wrong code is denied at step 1 with MFA advice; the right code works', async () => {
    const e = await failure(runChain(seedChain(1), options(prompts({ mfaCode: { 0: wrongCode(aws) } }))));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.stepIndex, 0);
    assert.match(e.message, /^Step 1\/1 \(role\/RoleA in 222222222222\) was denied: AccessDenied\. The MFA code was not accepted/);
    assertNoSecretsIn(e);
    const session = await runChain(seedChain(1), options(prompts()));
    assert.equal(session.steps.length, 1);
  });

  it('a malformed prompted answer is refused before sending', async () => {
    const badId = await failure(runChain(seedChain(2), options(prompts({ externalId: { 0: 'has spaces in it' } }))));
    assert.equal(badId.kind, 'validation');
    assert.match(badId.message, /^Step 1\/2 \(role\/RoleA in 222222222222\) ExternalId: An ExternalId may only hold/);
    const badCode = await failure(runChain(seedChain(2), options(prompts({ mfaCode: { 0: '12345' } }))));
    assert.equal(badCode.kind, 'validation');
    assert.match(badCode.message, /MFA code: Enter the 6-digit code/);
    assert.deepEqual(aws.requestLog(), [], 'no request sent');
  });

  it('the chaining cap is caught with no request sent and no prompt shown', async () => {
    const chain = seedChain(2);
    chain.steps[1]!.durationSeconds = 7200;
    const p = prompts();
    const e = await failure(runChain(chain, options(p)));
    assert.equal(e.kind, 'chaining-cap');
    assert.equal(e.stepIndex, 1);
    assert.equal(e.message, 'Step 2/2 asks for 7200 s but chained role sessions last at most 3600 s: set durationSeconds ≤ 3600.');
    assert.deepEqual(p.calls, []);
    assert.deepEqual(aws.requestLog(), []);
  });

  it('an invalid chain is refused before anything is sent', async () => {
    const chain: ChainConfig = { name: 'bad', steps: [{ roleArn: 'arn:aws:iam::1:role/X', externalId: 'none' }] };
    const e = await failure(runChain(chain, options(prompts())));
    assert.equal(e.kind, 'validation');
    assert.match(e.message, /^Chain "bad", step 1, roleArn: The account id/);
    const badEndpoint = await failure(runChain(seedChain(1), { ...options(prompts()), endpoints: { sts: 'ftp://127.0.0.1:1' } }));
    assert.match(badEndpoint.message, /roleChains\.endpoints\.sts: Endpoint URLs use http or https/);
    assert.deepEqual(aws.requestLog(), []);
  });

  it('cancel at step 2 prompt sends nothing more', async () => {
    const p = prompts({ externalId: { 1: undefined } });
    const e = await failure(runChain(seedChain(3), options(p)));
    assert.equal(isCancelled(e), true);
    assert.equal(e.stepIndex, 1);
    assert.equal(assumeRoles().length, 1, 'only step 1 was sent');
    assert.deepEqual(p.calls.map((c) => `${c.kind}@${c.ctx.stepIndex}`), ['externalId@0', 'mfaCode@0', 'externalId@1']);
  });

  it('an AbortSignal fired while step 2 prompt is open cancels the run', async () => {
    const controller = new AbortController();
    const never = () => new Promise<string | undefined>(() => undefined);
    const p = prompts({
      externalId: {
        1: (ctx) => {
          // Fired once the prompt is open (its promise handed back), not after a guessed delay.
          queueMicrotask(() => controller.abort());
          return ctx.stepIndex === 1 ? never() : Promise.resolve(undefined);
        },
      },
    });
    const e = await failure(runChain(seedChain(2), options(p, { signal: controller.signal })));
    assert.equal(isCancelled(e), true);
    assert.equal(aws.requestsInFlight(), 0, 'a request was still open after the run settled');
    assert.equal(assumeRoles().length, 1);
  });

  it('an AbortSignal fired during a request cancels it, and no later step is sent', async () => {
    aws.setFaults({ latencyMs: 1500 });
    const controller = new AbortController();
    const p = prompts();
    const run = failure(runChain(seedChain(2), options(p, { signal: controller.signal })));
    // Aborted while step 1's request is held at the endpoint by the latency: the state, not a guessed delay.
    await pollUntil(() => (aws.requestsInFlight() > 0 ? true : undefined), 10_000, "step 1's request to reach the endpoint", 5);
    controller.abort();
    const e = await run;
    assert.equal(isCancelled(e), true);
    assert.equal(e.stepIndex, 0);
    assert.equal(p.calls.some((c) => c.ctx.stepIndex === 1), false, 'step 2 was never prompted');
    // The endpoint has closed the aborted request (its log entry is written): nothing of it can still lead anywhere.
    await pollUntil(() => (aws.requestsInFlight() === 0 ? true : undefined), 10_000, 'the aborted request to close at the endpoint', 20);
    assert.ok(assumeRoles().every((x) => x.principal === undefined || x.principal === SEED.developerArn), 'nothing signed by a step 1 session');
  });

  it('concurrent runs of one chain through SingleFlight share one set of prompts', async () => {
    const flight = new SingleFlight<Session>();
    const p = prompts();
    const chain = seedChain(2);
    const [a, b] = await Promise.all([flight.run(chain.name, () => runChain(chain, options(p))), flight.run(chain.name, () => runChain(chain, options(p)))]);
    assert.equal(a, b);
    assert.deepEqual(p.calls.map((c) => `${c.kind}@${c.ctx.stepIndex}`), ['externalId@0', 'mfaCode@0', 'externalId@1']);
    assert.equal(assumeRoles().length, 2);
  });

  it('throttling is retried by the SDK, and reported when it persists', async () => {
    aws.setFaults({ stsThrottleNext: 1 });
    const session = await runChain(seedChain(1), options(prompts()));
    assert.equal(session.steps.length, 1);
    assert.deepEqual(assumeRoles().map((e) => e.status), [400, 200]);

    aws.clearRequestLog();
    aws.setFaults({ stsThrottleNext: 10 });
    const e = await failure(runChain(seedChain(1), options(prompts(), { maxAttempts: 2 })));
    assert.equal(e.kind, 'throttled');
    assert.match(e.message, /^Step 1\/1 \(role\/RoleA in 222222222222\) was throttled by STS \(Throttling\) after 2 attempts\. Wait a minute/);
    assert.equal(assumeRoles().length, 2);
  });

  it('base credentials whose expiry has passed (injected clock) are refused before sending', async () => {
    const past = new Date(Date.now() - 1000);
    const e = await failure(
      runChain(seedChain(1), options(prompts(), { baseCredentials: async () => ({ accessKeyId: 'ASIAEXAMPLEEXAMPLE00', secretAccessKey: 'x'.repeat(40), sessionToken: 't', expiration: past }) })),
    );
    assert.equal(e.kind, 'expired-credentials');
    assert.deepEqual(aws.requestLog(), []);
  });

  it('a wrong base secret is reported as rejected base credentials', async () => {
    const e = await failure(
      runChain(seedChain(1), options(prompts(), { baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: 'wrongwrongwrongwrongwrongwrongwrongwrong' }) })),
    );
    assert.equal(e.kind, 'invalid-credentials');
    assert.match(e.message, /AWS rejected the base credentials \(SignatureDoesNotMatch\)/);
  });

  it('a missing sourceProfile gives kind no-credentials and sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-aws-files-'));
    try {
      const config = join(dir, 'config');
      const credentials = join(dir, 'credentials');
      writeFileSync(config, '[profile other]\nregion = us-east-1\n');
      writeFileSync(credentials, '[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = otherotherotherotherotherotherotherother\n');
      const chain = { ...seedChain(1), sourceProfile: 'missing-profile' };
      const e = await failure(runChain(chain, options(prompts(), { baseCredentials: defaultBaseCredentials(chain, { filepath: credentials, configFilepath: config }) })));
      assert.equal(e.kind, 'no-credentials');
      assert.match(e.message, /^No AWS credentials found for profile "missing-profile"\. Check that \[profile missing-profile\] exists/);
      assert.deepEqual(aws.requestLog(), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runChain: expired base credentials and a stopped endpoint', () => {
  it('temporary base credentials that expired at the endpoint → expired-credentials', async () => {
    const aws = await startLocalAws();
    try {
      const prompts = scriptedPrompts(() => aws.mfaCode(SEED.developerName));
      // Temporary credentials for RoleA from the endpoint, then used as the base of a chain to RoleB.
      const first = await runChain(seedChain(1), { prompts, endpoints: { sts: aws.endpoint }, baseCredentials: seedBaseCredentials() });
      const temp = first.steps[0]!.credentials;
      aws.advanceClock(2 * ONE_HOUR);
      aws.clearRequestLog();
      const chain: ChainConfig = { name: 'from-temp', region: SEED.region, steps: [{ roleArn: SEED.roleB, externalId: 'prompt' }] };
      const e = await failure(
        runChain(chain, {
          prompts: scriptedPrompts(() => '000000', { externalId: { 0: SEED.externalIdB } }),
          endpoints: { sts: aws.endpoint },
          baseCredentials: async () => ({ accessKeyId: temp.accessKeyId, secretAccessKey: temp.secretAccessKey, sessionToken: temp.sessionToken }),
        }),
      );
      assert.equal(e.kind, 'expired-credentials');
      assert.equal(e.awsCode, 'ExpiredToken');
      assert.match(e.message, /^Step 1\/1 \(role\/RoleB in 333333333333\) failed: the base credentials have expired \(ExpiredToken\)\. Refresh your default AWS credentials/);
      assert.ok(aws.requestLog().some((x) => x.errorCode === 'ExpiredToken'));
      for (const s of secretsOf(first)) assert.ok(!toUserMessage(e).includes(s));
      assert.equal(isExpired(first, Date.now() + 2 * ONE_HOUR), true);
    } finally {
      await aws.stop();
    }
  });

  it('endpoint down → kind network naming the endpoint', async () => {
    const aws = await startLocalAws();
    const endpoint = aws.endpoint;
    await aws.stop();
    const e = await failure(
      runChain(seedChain(1), {
        prompts: scriptedPrompts(() => '123456'),
        endpoints: { sts: endpoint },
        baseCredentials: seedBaseCredentials(),
        maxAttempts: 1,
      }),
    );
    assert.equal(e.kind, 'network');
    assert.equal(e.endpoint, endpoint);
    assert.equal(e.stepIndex, 0);
    assert.match(e.message, new RegExp(`^Could not reach the STS endpoint ${endpoint.replace(/\./g, '\\.')}: connection refused\\.`));
  });

  it('an endpoint refusing every request → kind network', async () => {
    const aws = await startLocalAws({ faults: { refuseAll: true } });
    try {
      const e = await failure(
        runChain(seedChain(1), { prompts: scriptedPrompts(() => aws.mfaCode(SEED.developerName)), endpoints: { sts: aws.endpoint }, baseCredentials: seedBaseCredentials(), maxAttempts: 1 }),
      );
      assert.equal(e.kind, 'network');
      assert.match(e.message, /^Could not reach the STS endpoint http:\/\/127\.0\.0\.1:\d+: /);
    } finally {
      await aws.stop();
    }
  });
});
