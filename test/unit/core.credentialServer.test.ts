// The terminal credentials endpoint: its HTTP contract, then real clients — the SDK's fromHttp and
// fromContainerMetadata providers and Debian's awscli v2 — fetching a signed-in chain's credentials from it and
// calling the local STS with them; a wrong, missing or revoked token fails.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromContainerMetadata, fromHttp } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { runChain } from '../../src/core/aws';
import {
  CREDENTIALS_PATH,
  requestLogger,
  startCredentialServer,
  terminalEnv,
  toContainerCredentials,
  type CredentialRequestEvent,
  type CredentialServer,
} from '../../src/core/credentialServer';
import type { Session } from '../../src/core/session';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { scriptedPrompts, seedBaseCredentials, seedChain } from '../support/chainFixtures';
import { skipBecause } from '../support/skip';

const AWS_CLI = '/usr/bin/aws';

interface Reply {
  status: number;
  body: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request, so every header (or its absence) is what the test says. */
function get(port: number, opts: { path?: string; method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path ?? CREDENTIALS_PATH, method: opts.method ?? 'GET', headers: opts.headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('credentials endpoint for terminals', function () {
  this.timeout(60_000);
  let aws: LocalAws;
  let server: CredentialServer;
  /** What the extension would hold: chain name → signed-in session. */
  const sessions = new Map<string, Session>();
  const events: CredentialRequestEvent[] = [];
  let failNext = false;

  const signIn = async (steps: 1 | 2 = 2): Promise<Session> => {
    const session = await runChain(seedChain(steps, 'seed'), {
      prompts: scriptedPrompts(() => aws.mfaCode(SEED.developerName)),
      endpoints: { sts: aws.endpoint },
      baseCredentials: seedBaseCredentials(),
    });
    sessions.set('seed', session);
    return session;
  };

  before(async () => {
    aws = await startLocalAws();
    server = await startCredentialServer({
      getCredentials: async ({ chainName, stepIndex }) => {
        if (failNext) {
          failNext = false;
          throw new Error('boom with details that must not reach the client');
        }
        const step = sessions.get(chainName)?.steps[stepIndex];
        return step ? toContainerCredentials(step.credentials) : undefined;
      },
      onRequest: (e) => events.push(e),
    });
    await signIn();
  });
  after(async () => {
    await server?.close();
    await aws?.stop();
  });
  beforeEach(() => {
    events.length = 0;
  });

  const step = (i: number) => sessions.get('seed')!.steps[i]!;

  describe('HTTP contract', () => {
    it('serves the step a token was issued for, in the container credentials format', async () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
      const token = server.issueToken('seed', 1);
      assert.match(token, /^[0-9a-f]{64}$/);
      const reply = await get(server.port, { headers: { Authorization: token } });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['cache-control'], 'no-store');
      const c = step(1).credentials;
      assert.deepEqual(reply.body, { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: new Date(c.expiration).toISOString().replace('.000Z', 'Z') });
      assert.deepEqual(events, [{ status: 200, reason: 'served', chainName: 'seed', stepIndex: 1 }]);
      server.revokeToken(token);
    });

    it('401 without a token, 403 for an unknown or revoked one', async () => {
      const token = server.issueToken('seed', 0);
      assert.equal((await get(server.port)).status, 401);
      const wrong = await get(server.port, { headers: { Authorization: token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) } });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.Code, 'AccessDenied');
      assert.equal((await get(server.port, { headers: { Authorization: token } })).status, 200);
      assert.equal(server.revokeToken(token), true);
      assert.equal((await get(server.port, { headers: { Authorization: token } })).status, 403);
      assert.deepEqual(events.map((e) => e.reason), ['missing-token', 'unknown-token', 'served', 'unknown-token']);
      assert.ok(!JSON.stringify(events).includes(token), 'no token in the request events');
    });

    it('revokes every terminal of a chain on sign-out', async () => {
      const a = server.issueToken('seed', 0);
      const b = server.issueToken('seed', 1);
      const other = server.issueToken('other', 0);
      assert.equal(server.revokeChain('seed'), 2);
      assert.equal((await get(server.port, { headers: { Authorization: a } })).status, 403);
      assert.equal((await get(server.port, { headers: { Authorization: b } })).status, 403);
      assert.equal(server.tokenCount(), 1);
      assert.equal(server.revokeAll(), 1);
      assert.equal((await get(server.port, { headers: { Authorization: other } })).status, 403);
    });

    it('answers 404 when the chain is not signed in, 500 without details when reading fails', async () => {
      const token = server.issueToken('not-signed-in', 0);
      const missing = await get(server.port, { headers: { Authorization: token } });
      assert.equal(missing.status, 404);
      assert.match(missing.body.Message ?? '', /Chain "not-signed-in" is not signed in/);
      const ok = server.issueToken('seed', 0);
      failNext = true;
      const failed = await get(server.port, { headers: { Authorization: ok } });
      assert.equal(failed.status, 500);
      assert.ok(!JSON.stringify(failed.body).includes('boom'));
      server.revokeAll();
    });

    it('serves only GET /credentials to local clients: other paths, methods, hosts and browser origins are refused', async () => {
      const token = server.issueToken('seed', 0);
      const auth = { Authorization: token };
      assert.equal((await get(server.port, { path: '/other', headers: auth })).status, 400);
      assert.equal((await get(server.port, { method: 'POST', headers: auth })).status, 400);
      assert.equal((await get(server.port, { headers: { ...auth, Host: `attacker.example:${server.port}` } })).status, 400);
      assert.equal((await get(server.port, { headers: { ...auth, Origin: 'http://attacker.example' } })).status, 400);
      assert.equal((await get(server.port, { headers: { ...auth, Host: `localhost:${server.port}` } })).status, 200);
      server.revokeAll();
    });

    it('hands out what the chain holds now: a re-run refreshes every terminal', async () => {
      const token = server.issueToken('seed', 0);
      const before = (await get(server.port, { headers: { Authorization: token } })).body.AccessKeyId;
      await signIn();
      const after = (await get(server.port, { headers: { Authorization: token } })).body.AccessKeyId;
      assert.notEqual(after, before);
      assert.equal(after, step(0).credentials.accessKeyId);
      server.revokeAll();
    });

    it('the terminal environment names the endpoint, the token and the region, and holds no key or session token', () => {
      const token = server.issueToken('seed', 1);
      const env = terminalEnv(server, token, 'eu-west-1');
      assert.deepEqual(env, { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
      const text = JSON.stringify(env);
      for (const s of sessions.get('seed')!.steps) {
        for (const secret of [s.credentials.secretAccessKey, s.credentials.sessionToken, s.credentials.accessKeyId]) assert.ok(!text.includes(secret));
      }
      assert.deepEqual(terminalEnv(server, token, 'us-east-1', { hideSharedFilesAt: '/nonexistent' }).AWS_SHARED_CREDENTIALS_FILE, '/nonexistent');
      server.revokeAll();
    });
  });

  describe('AWS SDK providers', () => {
    async function callerArn(credentials: AwsCredentialIdentityProvider): Promise<string | undefined> {
      const sts = new STSClient({ region: SEED.region, endpoint: aws.endpoint, credentials });
      try {
        return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
      } finally {
        sts.destroy();
      }
    }

    it('fromHttp fetches the step credentials and STS sees the chain identity', async () => {
      const token = server.issueToken('seed', 1);
      const arn = await callerArn(fromHttp({ awsContainerCredentialsFullUri: server.url, awsContainerAuthorizationToken: token, maxRetries: 0 }));
      assert.equal(arn, step(1).assumedRoleArn);
      server.revokeToken(token);
      await assert.rejects(
        fromHttp({ awsContainerCredentialsFullUri: server.url, awsContainerAuthorizationToken: token, maxRetries: 0 })(),
        (e: Error) => /403/.test(e.message),
      );
    });

    it('fromContainerMetadata reads the same environment a terminal gets', async () => {
      const token = server.issueToken('seed', 0);
      const saved = { ...process.env };
      try {
        Object.assign(process.env, terminalEnv(server, token, SEED.region));
        assert.equal(await callerArn(fromContainerMetadata({ maxRetries: 0 })), step(0).assumedRoleArn);
        server.revokeToken(token);
        await assert.rejects(fromContainerMetadata({ maxRetries: 0 })(), (e: { statusCode?: number }) => e.statusCode === 403);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    });
  });

  describe('awscli v2 in a terminal environment', function () {
    let home: string;

    before(function () {
      if (!existsSync(AWS_CLI)) skipBecause(this, `${AWS_CLI} is not installed (apt-get install awscli)`);
      home = mkdtempSync(join(tmpdir(), 'rc-terminal-home-'));
    });
    after(() => {
      if (home) rmSync(home, { recursive: true, force: true });
    });

    interface CliResult {
      code: number;
      stdout: string;
      stderr: string;
    }

    /** `aws sts get-caller-identity` with only the terminal's variables (plus PATH and a throw-away HOME). */
    function callerIdentity(env: Record<string, string>): Promise<CliResult> {
      const full: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', ...env };
      return new Promise((resolve) => {
        execFile(AWS_CLI, ['sts', 'get-caller-identity', '--endpoint-url', aws.endpoint, '--output', 'json'], { env: full, timeout: 45_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
      });
    }

    it("returns the chain step's identity through the endpoint", async () => {
      const token = server.issueToken('seed', 1);
      const result = await callerIdentity(terminalEnv(server, token, SEED.region));
      assert.equal(result.code, 0, result.stderr);
      const identity = JSON.parse(result.stdout) as { Arn: string; Account: string };
      assert.equal(identity.Arn, step(1).assumedRoleArn);
      assert.equal(identity.Account, SEED.roleBAccount);
      assert.ok(events.some((e) => e.status === 200 && e.stepIndex === 1), 'the CLI fetched from the endpoint');
      server.revokeToken(token);
    });

    it('fails with a wrong, a missing or a revoked token', async () => {
      const token = server.issueToken('seed', 1);
      const wrong = await callerIdentity(terminalEnv(server, 'f'.repeat(64), SEED.region));
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /403|credentials/i);
      const { AWS_CONTAINER_AUTHORIZATION_TOKEN: _dropped, ...withoutToken } = terminalEnv(server, token, SEED.region);
      const missing = await callerIdentity(withoutToken);
      assert.notEqual(missing.code, 0);
      server.revokeToken(token);
      const revoked = await callerIdentity(terminalEnv(server, token, SEED.region));
      assert.notEqual(revoked.code, 0);
      assert.ok(!revoked.stdout.includes(step(1).assumedRoleArn));
      assert.deepEqual([...new Set(events.map((e) => e.status))].sort(), [401, 403]);
    });

    it("a default profile in ~/.aws would win over the endpoint; hiding the shared files lets the chain's identity through", async () => {
      mkdirSync(join(home, '.aws'), { recursive: true });
      // A made-up key the local endpoint does not know: if the CLI uses it, STS says so.
      writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAUNKNOWNUNKNOWN01\naws_secret_access_key = unknownunknownunknownunknownunknown00000\n');
      const token = server.issueToken('seed', 0);
      try {
        const shadowed = await callerIdentity(terminalEnv(server, token, SEED.region));
        assert.notEqual(shadowed.code, 0);
        assert.match(shadowed.stderr, /InvalidClientTokenId/);
        const hidden = await callerIdentity(terminalEnv(server, token, SEED.region, { hideSharedFilesAt: join(home, 'no-aws-files') }));
        assert.equal(hidden.code, 0, hidden.stderr);
        assert.equal((JSON.parse(hidden.stdout) as { Arn: string }).Arn, step(0).assumedRoleArn);
      } finally {
        server.revokeToken(token);
        rmSync(join(home, '.aws'), { recursive: true, force: true });
      }
    });
  });

  it('logs rejected requests at most once per minute, with a count; served ones every time', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const lines: Array<{ level: string; line: string }> = [];
    const flooded = await startCredentialServer({
      getCredentials: () => Promise.resolve(undefined),
      onRequest: requestLogger({ clock: { now: () => now }, write: (level, line) => lines.push({ level, line }) }),
    });
    try {
      for (let i = 0; i < 50; i++) await get(flooded.port, { headers: { Authorization: `guess-${i}` } });
      assert.deepEqual(lines, [{ level: 'info', line: 'Terminal credentials request: 403 unknown-token' }]);
      now += 30_000;
      await get(flooded.port);
      assert.equal(lines.length, 1, 'a second line within the minute');
      now += 30_000;
      await get(flooded.port, { headers: { Authorization: 'guess-again' } });
      assert.equal(lines.length, 2);
      assert.match(lines[1]?.line ?? '', /403 unknown-token \(51 rejected requests since the last such line\)$/);
      assert.ok(!lines.some((l) => l.line.includes('guess')), 'a token reached the log');
    } finally {
      await flooded.close();
    }
  });

  it('close() stops serving', async () => {
    const other = await startCredentialServer({ getCredentials: async () => undefined });
    const token = other.issueToken('seed', 0);
    await other.close();
    await assert.rejects(get(other.port, { headers: { Authorization: token } }), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  });
});
