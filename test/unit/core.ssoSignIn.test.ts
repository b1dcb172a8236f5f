// A chain whose base is IAM Identity Center, run by runChain against the local endpoint: the device flow with the
// code shown to the person, the stored sign-in reused, a refresh before asking again, a revoked token replaced, the
// account and role asked for only when the base names none, and nothing started by a background refresh.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChain, type SsoPrompts, type SsoTokens } from '../../src/core/aws';
import type { RunChainOptions } from '../../src/core/aws/runChain';
import { ssoTokenKey } from '../../src/core/aws/ssoSignIn';
import type { ChainConfig } from '../../src/core/chain';
import { CancelledError, RoleChainError } from '../../src/core/errors';
import { SsoTokenStore } from '../../src/secrets/ssoTokenStore';
import { SEED, seedScenario, startLocalAws, type LocalAws } from '../localAws';
import type { LocalAwsConfig, PolicyDocument } from '../localAws/types';

const ROLE_A_ASSUMED = 'arn:aws:sts::222222222222:assumed-role/RoleA/';

class MemorySecrets {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

describe('core: a chain that starts from IAM Identity Center', function () {
  let aws: LocalAws;
  let now: number;
  let secrets: MemorySecrets;
  let tokens: SsoTokenStore;
  let shown: Array<{ userCode: string; verificationUri: string }>;
  let picks: Array<{ what: 'account' | 'role'; choices: string[] }>;
  let browser: 'allow' | 'deny' | 'cancel';
  let controller: AbortController;

  const portal = { startUrl: SEED.ssoStartUrl, region: SEED.ssoRegion };
  const chain = (sso: ChainConfig['sso'] = portal, durationSeconds?: number): ChainConfig => ({
    name: 'sso chain',
    region: SEED.region,
    sso,
    steps: [{ roleArn: SEED.roleA, externalId: 'prompt', ...(durationSeconds ? { durationSeconds } : {}) }],
  });

  const prompts: SsoPrompts = {
    showUserCode: async ({ userCode, verificationUri }) => {
      shown.push({ userCode, verificationUri });
      if (browser === 'allow') aws.sso.approve(userCode);
      if (browser === 'deny') aws.sso.deny(userCode);
      if (browser === 'cancel') controller.abort();
    },
    pickAccount: async (_ctx, accounts) => {
      picks.push({ what: 'account', choices: accounts.map((a) => a.accountId) });
      return accounts.find((a) => a.accountId === SEED.developerAccount)?.accountId;
    },
    pickRole: async (_ctx, roles) => {
      picks.push({ what: 'role', choices: roles });
      return roles.find((r) => r === SEED.ssoPermissionSet);
    },
  };

  function options(extra: Partial<RunChainOptions['sso']> = {}, more: Partial<RunChainOptions> = {}): RunChainOptions {
    return {
      prompts: { externalId: async () => SEED.externalIdA, mfaCode: async () => undefined },
      endpoints: { sts: aws.endpoint, sso: aws.endpoint },
      clock: { now: () => now },
      signal: controller.signal,
      maxAttempts: 1,
      sso: {
        tokens,
        prompts,
        // Waiting moves the shared clock, so the endpoint sees the interval respected without the test waiting.
        sleep: async (ms) => {
          now += ms;
        },
        ...extra,
      },
      ...more,
    };
  }
  async function start(config?: LocalAwsConfig): Promise<void> {
    now = Date.now();
    aws = await startLocalAws({ clock: { now: () => now }, ...(config ? { config } : {}) });
  }

  beforeEach(function () {
    secrets = new MemorySecrets();
    tokens = new SsoTokenStore(secrets);
    shown = [];
    picks = [];
    browser = 'allow';
    controller = new AbortController();
  });
  afterEach(async function () {
    await aws?.stop();
  });

  const operations = (): string[] => aws.requestLog().filter((e) => e.service === 'sso-oidc' || e.service === 'sso').map((e) => `${e.operation} ${e.status}`);
  /** Where the run keeps the sign-in: the portal, reached through the local endpoint. */
  const key = (): string => ssoTokenKey({ ...portal, endpoint: aws.endpoint });
  const stored = (): SsoTokens | undefined => {
    const text = secrets.values.get(`roleChains.sso/${key()}`);
    return text === undefined ? undefined : (JSON.parse(text) as SsoTokens);
  };

  it('signs in with the device flow, shows the code, lists the one account and role, and assumes RoleA with the role credentials', async function () {
    await start();
    const session = await runChain(chain(), options());
    assert.equal(shown.length, 1, 'the code is shown once');
    assert.match(shown[0]?.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(shown[0]?.verificationUri, `${aws.endpoint}/device?user_code=${shown[0]?.userCode}`);
    assert.deepEqual(picks, [], 'one account and one role: nothing to ask');
    assert.ok(session.steps[0]?.assumedRoleArn.startsWith(ROLE_A_ASSUMED));
    assert.deepEqual(operations(), [
      'RegisterClient 200',
      'StartDeviceAuthorization 200',
      'CreateToken 200',
      'ListAccounts 200',
      'ListAccountRoles 200',
      'GetRoleCredentials 200',
    ]);
    const kept = stored();
    assert.ok(kept?.accessToken && kept.refreshToken && kept.client.clientSecret, 'the sign-in is kept in the secret store');
    assert.deepEqual([...secrets.values.keys()].sort(), ['roleChains.sso.index', `roleChains.sso/${key()}`]);
    // The role-credentials session is a role session: step 1 from it is role chaining.
    const sts = aws.requestLog().filter((e) => e.service === 'sts');
    assert.deepEqual(sts.map((e) => e.operation), ['AssumeRole']);
  });

  it('reuses the stored sign-in on the next run, and refreshes it (rotating the refresh token) once it has expired, without asking', async function () {
    await start();
    await runChain(chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }), options());
    const first = stored();
    aws.clearRequestLog();

    await runChain(chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }), options());
    assert.deepEqual(operations(), ['GetRoleCredentials 200'], 'a named account and role with a valid token: one portal call');
    assert.equal(shown.length, 1);

    // Expired as far as the extension knows (moving the clock 8 h would put SigV4 outside its 15-minute window).
    assert.ok(first);
    await tokens.set(key(), { ...first, expiresAt: now - 1 });
    aws.clearRequestLog();
    await runChain(chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }), options());
    assert.deepEqual(operations(), ['CreateToken 200', 'GetRoleCredentials 200'], 'an expired token is refreshed, not signed in again');
    assert.equal(shown.length, 1, 'no new code was shown');
    const second = stored();
    assert.ok(second && first);
    assert.notEqual(second.accessToken, first.accessToken);
    assert.notEqual(second.refreshToken, first.refreshToken, 'the spent refresh token is replaced');
  });

  it('replaces a token the portal revoked: refresh first, and a new sign-in only when the refresh is refused too', async function () {
    await start();
    const named = chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet });
    await runChain(named, options());
    aws.sso.revokeAccessTokens();
    aws.clearRequestLog();
    await runChain(named, options());
    assert.deepEqual(operations(), ['GetRoleCredentials 401', 'CreateToken 200', 'GetRoleCredentials 200']);
    assert.equal(shown.length, 1);

    // A refresh token that is no longer valid (here: replaced by hand) means a new sign-in, with a new code.
    const kept = stored();
    assert.ok(kept);
    await tokens.set(key(), { ...kept, accessToken: 'revoked', refreshToken: 'not-a-refresh-token', expiresAt: now - 1 });
    aws.clearRequestLog();
    await runChain(named, options());
    assert.deepEqual(operations(), ['CreateToken 400', 'StartDeviceAuthorization 200', 'CreateToken 200', 'GetRoleCredentials 200'], 'the registered client is reused');
    assert.equal(shown.length, 2);

    // A client the service refuses (deleted, its secret replaced) is registered anew rather than reused.
    const again = stored();
    assert.ok(again);
    await tokens.set(key(), { ...again, expiresAt: now - 1, client: { ...again.client, clientSecret: 'not-the-secret' } });
    aws.clearRequestLog();
    await runChain(named, options());
    assert.deepEqual(operations(), ['CreateToken 401', 'RegisterClient 200', 'StartDeviceAuthorization 200', 'CreateToken 200', 'GetRoleCredentials 200']);
    assert.equal(shown.length, 3);
  });

  it('asks for the account and the role only when the portal lists more than one', async function () {
    const config = seedScenario();
    const center = config.identityCenter;
    const user = center?.users[0];
    assert.ok(center && user);
    const reserved = (account: string, name: string): string => `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${name}_0123456789abcdef`;
    const samlTrust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::444444444444:saml-provider/AWSSSO' }, Action: 'sts:AssumeRoleWithSAML' }] };
    config.roles.push({ arn: reserved('444444444444', 'ReadOnly'), trustPolicy: samlTrust }, { arn: reserved(SEED.developerAccount, 'Auditor'), trustPolicy: samlTrust });
    center.accounts.push({ accountId: '444444444444', accountName: 'other', emailAddress: 'other@example.com' });
    user.assignments.push({ accountId: '444444444444', roleName: 'ReadOnly' }, { accountId: SEED.developerAccount, roleName: 'Auditor' });
    await start(config);
    const session = await runChain(chain(), options());
    assert.ok(session.steps[0]?.assumedRoleArn.startsWith(ROLE_A_ASSUMED));
    assert.deepEqual(picks, [
      { what: 'account', choices: [SEED.developerAccount, '444444444444'] },
      { what: 'role', choices: [SEED.ssoPermissionSet, 'Auditor'] },
    ]);
    // A background run never asks: with more than one account to choose from it stops, as cancelled.
    picks = [];
    await assert.rejects(runChain(chain(), options({ interactive: false })), (e: unknown) => e instanceof CancelledError && /more than one choice of an account/.test(e.message));
    assert.deepEqual(picks, []);
    // Named in the base: nothing is listed or asked.
    aws.clearRequestLog();
    await runChain(chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }), options());
    assert.deepEqual(picks, []);
    assert.deepEqual(operations(), ['GetRoleCredentials 200']);
  });

  it('shares one sign-in between two chains on the same portal starting together: one code, both signed in', async function () {
    await start();
    const [a, b] = await Promise.all([runChain(chain(), options()), runChain({ ...chain(), name: 'second' }, options())]);
    assert.ok(a.steps[0]?.assumedRoleArn.startsWith(ROLE_A_ASSUMED) && b.steps[0]?.assumedRoleArn.startsWith(ROLE_A_ASSUMED));
    assert.equal(shown.length, 1, 'one code to allow');
    assert.equal(operations().filter((o) => o === 'StartDeviceAuthorization 200').length, 1);
  });

  it('keeps sign-ins apart by endpoint: tokens stored for AWS are never sent to an endpoint override, nor back', async function () {
    await start();
    const named = chain({ ...portal, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet });
    await runChain(named, options());
    const viaLocal = stored();
    assert.ok(viaLocal);
    // As if it had been issued by AWS itself (no override): the run through the override must not use it.
    await tokens.delete(key());
    await tokens.set(ssoTokenKey(portal), viaLocal);
    aws.clearRequestLog();
    await runChain(named, options());
    assert.equal(shown.length, 2, 'a new sign-in at the override');
    assert.deepEqual(operations().filter((o) => o !== 'CreateToken 400'), ['RegisterClient 200', 'StartDeviceAuthorization 200', 'CreateToken 200', 'GetRoleCredentials 200']);
  });

  it("names the Identity Center permission set when step 1's role refuses it", async function () {
    await start();
    const wrong: RunChainOptions = { ...options(), prompts: { externalId: async () => 'not-the-external-id', mfaCode: async () => undefined } };
    await assert.rejects(runChain(chain(), wrong), (e: unknown) => {
      assert.ok(e instanceof RoleChainError && e.kind === 'access-denied', String(e));
      assert.match(e.message, new RegExp(`trust policy allows the IAM Identity Center permission set ${SEED.ssoPermissionSet} in account ${SEED.developerAccount}`));
      return true;
    });
  });

  it('starts no sign-in in a background refresh, and a cancelled or denied sign-in stores nothing', async function () {
    await start();
    await assert.rejects(runChain(chain(), options({ interactive: false })), (e: unknown) => e instanceof CancelledError);
    assert.deepEqual(operations(), [], 'nothing was sent');
    assert.equal(shown.length, 0);

    browser = 'cancel';
    await assert.rejects(runChain(chain(), options()), (e: unknown) => e instanceof CancelledError);
    assert.equal(stored(), undefined);

    controller = new AbortController();
    browser = 'deny';
    await assert.rejects(runChain(chain(), options()), (e: unknown) => e instanceof RoleChainError && e.kind === 'access-denied' && /denied in the browser/.test(e.message));
    assert.equal(stored(), undefined);
    assert.equal(secrets.values.size, 0, 'not even an index entry');
  });

  it('caps step 1 at one hour before sending anything: Identity Center role credentials are a role session', async function () {
    await start();
    await assert.rejects(runChain(chain(portal, 7200), options()), (e: unknown) => e instanceof RoleChainError && /role chaining/i.test(e.message));
    assert.deepEqual(aws.requestLog(), []);
  });

  it('signs in for a sourceProfile that is an SSO profile (sso-session in the config file) instead of needing `aws sso login`', async function () {
    await start();
    const dir = mkdtempSync(join(tmpdir(), 'rc-sso-'));
    try {
      const configFilepath = join(dir, 'config');
      writeFileSync(
        configFilepath,
        [
          '[profile corp-dev]',
          'sso_session = corp',
          `sso_account_id = ${SEED.developerAccount}`,
          `sso_role_name = ${SEED.ssoPermissionSet}`,
          '[sso-session corp]',
          `sso_start_url = ${SEED.ssoStartUrl}`,
          `sso_region = ${SEED.ssoRegion}`,
          '',
        ].join('\n'),
      );
      const files = { configFilepath, filepath: join(dir, 'credentials') };
      const fromProfile: ChainConfig = { name: 'profile chain', region: SEED.region, sourceProfile: 'corp-dev', steps: [{ roleArn: SEED.roleA, externalId: 'prompt' }] };
      const session = await runChain(fromProfile, { ...options(), configFiles: files });
      assert.ok(session.steps[0]?.assumedRoleArn.startsWith(ROLE_A_ASSUMED));
      assert.equal(shown.length, 1);
      assert.deepEqual(operations(), ['RegisterClient 200', 'StartDeviceAuthorization 200', 'CreateToken 200', 'GetRoleCredentials 200']);

      // The same portal through the chain's own sso.session: the sign-in is shared.
      aws.clearRequestLog();
      await runChain(chain({ session: 'corp', accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }), { ...options(), configFiles: files });
      assert.deepEqual(operations(), ['GetRoleCredentials 200']);

      await assert.rejects(runChain(chain({ session: 'missing' }), { ...options(), configFiles: files }), (e: unknown) => e instanceof RoleChainError && /\[sso-session missing\]/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets every sign-in on deleteAll (Sign Out of All Chains)', async function () {
    await start();
    await runChain(chain(), options());
    assert.equal(await tokens.deleteAll(), 1);
    assert.equal(secrets.values.size, 0);
  });

  describe('the token store', function () {
    it('drops a stored value that is not a sign-in, indexes every portal, and knows the values for redaction only', async function () {
      const key = ssoTokenKey(portal);
      secrets.values.set(`roleChains.sso/${key}`, '{"accessToken":"x"}');
      assert.equal(await tokens.get(key), undefined);
      assert.equal(secrets.values.has(`roleChains.sso/${key}`), false, 'the unusable value is deleted');
      const sample: SsoTokens = { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 1, client: { clientId: 'id', clientSecret: 'client-secret-1', expiresAt: 2 } };
      await tokens.set(key, sample);
      await tokens.set('eu-west-1 https://other.awsapps.com/start', { ...sample, accessToken: 'access-2' });
      assert.deepEqual(JSON.parse(secrets.values.get('roleChains.sso.index') ?? '[]'), [{ key: 'eu-west-1 https://other.awsapps.com/start' }, { key }]);
      assert.deepEqual(await tokens.get(key), sample);
      assert.deepEqual([...tokens.knownSecrets()].sort(), ['access-1', 'access-2', 'client-secret-1', 'refresh-1']);
      assert.equal(await tokens.deleteAll(), 2);
      assert.equal(secrets.values.size, 0);
    });
  });
});
