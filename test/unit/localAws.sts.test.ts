// The local endpoint's STS, driven by the real SDK v3 clients: every success and error the product relies on.
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput, type Credentials } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { evaluateTrustPolicy } from '../localAws/iam';
import { SEED, seedScenario, startLocalAws, totpCode, verifyTotp, type LocalAws, type LocalAwsConfig, type Principal } from '../localAws';
import { FORM_CONTENT_TYPE, signedFetch, stsForm, type RawCredentials } from '../localAws/rawClient';
import { ROLE_CHAINING_MESSAGE, MAX_SESSION_DURATION_MESSAGE } from '../localAws/sts';
import { expectServiceError, failure } from './sdkFailure';

const REGION = 'us-east-1';
const DEVELOPER: RawCredentials = { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey };

function client(aws: LocalAws, credentials: RawCredentials, extra: Partial<ConstructorParameters<typeof STSClient>[0]> = {}): STSClient {
  return new STSClient({ endpoint: aws.endpoint, region: REGION, credentials, maxAttempts: 1, ...extra });
}

function credentialsOf(result: { Credentials?: Credentials }): RawCredentials {
  const c = result.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken, 'AssumeRole returned credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

function deniedText(caller: string, role: string): string {
  return `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`;
}

function assumeRoleA(aws: LocalAws, extra: Partial<AssumeRoleCommandInput> = {}): Promise<{ Credentials?: Credentials }> {
  return client(aws, DEVELOPER).send(
    new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'dev-a', ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial, TokenCode: aws.mfaCode(SEED.developerName), ...extra }),
  );
}

describe('local AWS: STS', function () {
  let aws: LocalAws;

  before(async function () {
    aws = await startLocalAws();
  });
  after(async function () {
    await aws.stop();
  });
  beforeEach(function () {
    aws.clearRequestLog();
  });

  describe('GetCallerIdentity and AssumeRole', function () {
    it('identifies the developer user by its long-term key', async function () {
      const me = await client(aws, DEVELOPER).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, SEED.developerArn);
      assert.equal(me.Account, SEED.developerAccount);
      assert.match(me.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    });

    it('issues RoleA credentials shaped like AWS (ExternalId + MFA) that identify as the role session', async function () {
      const before = Date.now();
      const result = await assumeRoleA(aws, { RoleSessionName: 'alice@example.com' });
      const creds = result.Credentials;
      assert.ok(creds);
      assert.match(creds.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
      assert.equal(creds.SecretAccessKey?.length, 40);
      assert.ok((creds.SessionToken?.length ?? 0) > 300, 'a long session token');
      const lifetime = (creds.Expiration?.getTime() ?? 0) - before;
      assert.ok(lifetime > 3590_000 && lifetime <= 3601_000, `default duration is one hour (got ${lifetime} ms)`);
      assert.equal(result.Credentials?.Expiration instanceof Date, true);
      const assumed = (result as { AssumedRoleUser?: { Arn?: string; AssumedRoleId?: string } }).AssumedRoleUser;
      assert.equal(assumed?.Arn, 'arn:aws:sts::222222222222:assumed-role/RoleA/alice@example.com');
      assert.match(assumed?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:alice@example\.com$/);

      const me = await client(aws, credentialsOf(result)).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, assumed?.Arn);
      assert.equal(me.UserId, assumed?.AssumedRoleId);
      assert.equal(me.Account, SEED.roleAAccount);
    });

    it('gives every session its own keys and keeps the role id stable', async function () {
      const first = await assumeRoleA(aws, { RoleSessionName: 'one' });
      const second = await assumeRoleA(aws, { RoleSessionName: 'two' });
      assert.notEqual(first.Credentials?.AccessKeyId, second.Credentials?.AccessKeyId);
      assert.notEqual(first.Credentials?.SecretAccessKey, second.Credentials?.SecretAccessKey);
      const roleId = (r: unknown): string | undefined => (r as { AssumedRoleUser?: { AssumedRoleId?: string } }).AssumedRoleUser?.AssumedRoleId?.split(':')[0];
      assert.equal(roleId(first), roleId(second));
    });

    it('honours DurationSeconds within the role maximum', async function () {
      const before = Date.now();
      const result = await client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'short', ExternalId: SEED.externalIdNoMfa, DurationSeconds: 900 }));
      const lifetime = (result.Credentials?.Expiration?.getTime() ?? 0) - before;
      assert.ok(lifetime > 890_000 && lifetime <= 901_000, `15 minutes (got ${lifetime} ms)`);
    });

    it('chains three hops with fromTemporaryCredentials (ExternalId + MFA, then ExternalId, then none)', async function () {
      const clientConfig = { endpoint: aws.endpoint, region: REGION };
      let mfaAsked = 0;
      const hopA = fromTemporaryCredentials({
        masterCredentials: DEVELOPER,
        params: { RoleArn: SEED.roleA, RoleSessionName: 'hop-a', ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial },
        mfaCodeProvider: async (serial) => {
          mfaAsked++;
          assert.equal(serial, SEED.mfaSerial);
          return aws.mfaCode(SEED.developerName);
        },
        clientConfig,
      });
      const hopB = fromTemporaryCredentials({ masterCredentials: hopA, params: { RoleArn: SEED.roleB, RoleSessionName: 'hop-b', ExternalId: SEED.externalIdB }, clientConfig });
      const hopC = fromTemporaryCredentials({ masterCredentials: hopB, params: { RoleArn: SEED.roleC, RoleSessionName: 'hop-c' }, clientConfig });
      const me = await new STSClient({ ...clientConfig, credentials: hopC }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, 'arn:aws:sts::444444444444:assumed-role/RoleC/hop-c');
      assert.equal(me.Account, SEED.roleCAccount);
      assert.equal(mfaAsked, 1);

      const log = aws.requestLog();
      assert.deepEqual(
        log.map((entry) => [entry.operation, entry.principal, entry.status]),
        [
          ['AssumeRole', SEED.developerArn, 200],
          ['AssumeRole', 'arn:aws:sts::222222222222:assumed-role/RoleA/hop-a', 200],
          ['AssumeRole', 'arn:aws:sts::333333333333:assumed-role/RoleB/hop-b', 200],
          ['GetCallerIdentity', 'arn:aws:sts::444444444444:assumed-role/RoleC/hop-c', 200],
        ],
      );
      assert.ok(log.every((entry) => entry.service === 'sts' && entry.accessKeyId !== undefined));
    });
  });

  describe('trust policies', function () {
    it('denies RoleA without MFA, with AWS wording', async function () {
      await expectServiceError(
        client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'no-mfa', ExternalId: SEED.externalIdA })),
        'AccessDenied',
        403,
        deniedText(SEED.developerArn, SEED.roleA),
      );
    });

    it('denies RoleA with a wrong or missing ExternalId, without echoing it', async function () {
      const wrong = 'not-the-shared-secret-1234';
      const error = await expectServiceError(assumeRoleA(aws, { ExternalId: wrong }), 'AccessDenied', 403, deniedText(SEED.developerArn, SEED.roleA));
      assert.ok(!error.message.includes(wrong));
      await expectServiceError(assumeRoleA(aws, { ExternalId: undefined }), 'AccessDenied', 403, deniedText(SEED.developerArn, SEED.roleA));
    });

    it('lets RoleNoMfa be assumed with its ExternalId and no MFA', async function () {
      const result = await client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'plain', ExternalId: SEED.externalIdNoMfa }));
      assert.match(result.AssumedRoleUser?.Arn ?? '', /assumed-role\/RoleNoMfa\/plain$/);
    });

    it('answers an unknown role exactly like a denied one', async function () {
      const missing = 'arn:aws:iam::222222222222:role/DoesNotExist';
      await expectServiceError(
        client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'x1', ExternalId: SEED.externalIdNoMfa })),
        'AccessDenied',
        403,
        deniedText(SEED.developerArn, missing),
      );
    });

    it('lets only RoleA sessions (with ExternalId B) assume RoleB', async function () {
      await expectServiceError(
        client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'direct', ExternalId: SEED.externalIdB })),
        'AccessDenied',
        403,
        deniedText(SEED.developerArn, SEED.roleB),
      );
      const noMfa = credentialsOf(await client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'other', ExternalId: SEED.externalIdNoMfa })));
      await expectServiceError(
        client(aws, noMfa).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'via-other', ExternalId: SEED.externalIdB })),
        'AccessDenied',
        403,
        deniedText('arn:aws:sts::222222222222:assumed-role/RoleNoMfa/other', SEED.roleB),
      );
      const roleA = credentialsOf(await assumeRoleA(aws, { RoleSessionName: 'a-session' }));
      await expectServiceError(
        client(aws, roleA).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'wrong-ext', ExternalId: SEED.externalIdA })),
        'AccessDenied',
        403,
        deniedText('arn:aws:sts::222222222222:assumed-role/RoleA/a-session', SEED.roleB),
      );
      const roleB = await client(aws, roleA).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'b-session', ExternalId: SEED.externalIdB }));
      assert.equal(roleB.AssumedRoleUser?.Arn, 'arn:aws:sts::333333333333:assumed-role/RoleB/b-session');
    });

    describe('policy language (custom scenario)', function () {
      let custom: LocalAws;
      const ACCOUNT_ROOT_ROLE = 'arn:aws:iam::555555555555:role/TrustsAccountRoot';
      const ANYONE_ROLE = 'arn:aws:iam::555555555555:role/TrustsAnyone';
      const DENY_ROLE = 'arn:aws:iam::555555555555:role/DenyWins';
      const MFA_ROLE = 'arn:aws:iam::555555555555:role/NeedsMfaSession';
      const LIKE_ROLE = 'arn:aws:iam::555555555555:role/ExternalIdLike';

      before(async function () {
        const config: LocalAwsConfig = seedScenario();
        const allow = (principal: string, condition?: Record<string, Record<string, string | string[]>>): LocalAwsConfig['roles'][number]['trustPolicy'] => ({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
        });
        config.roles.push(
          { arn: ACCOUNT_ROOT_ROLE, trustPolicy: allow('arn:aws:iam::111111111111:root') },
          { arn: ANYONE_ROLE, trustPolicy: allow('*') },
          {
            arn: DENY_ROLE,
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:*' },
                { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:ExternalId': 'blocked-*' } } },
              ],
            },
          },
          { arn: MFA_ROLE, trustPolicy: allow(SEED.roleA, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
          { arn: LIKE_ROLE, trustPolicy: allow(SEED.developerArn, { StringLike: { 'sts:ExternalId': ['team-??-*', 'ops-*'] } }) },
        );
        // RoleNoMfa sessions may try the MFA role too, so the test shows the key, not the principal, decides.
        const mfaRole = config.roles.find((role) => role.arn === MFA_ROLE);
        assert.ok(mfaRole);
        // Account 555555555555 is another account: the callers' own policies must allow assuming its roles.
        const mayAssume555 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::555555555555:role/*' }] };
        for (const principal of [...config.users, ...config.roles.filter((role) => role.arn === SEED.roleA || role.arn === SEED.roleNoMfa)]) {
          principal.identityPolicies = [...(principal.identityPolicies ?? []), mayAssume555];
        }
        mfaRole.trustPolicy = allow('arn:aws:iam::222222222222:root', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
        custom = await startLocalAws({ config });
      });
      after(async function () {
        await custom.stop();
      });

      const assume = (creds: RawCredentials, RoleArn: string, extra: Partial<AssumeRoleCommandInput> = {}): Promise<unknown> =>
        client(custom, creds).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'policy-test', ...extra }));

      it('trusts every principal of an account named as :root', async function () {
        await assume(DEVELOPER, ACCOUNT_ROOT_ROLE);
      });

      it('trusts anyone under Principal "*"', async function () {
        const other = credentialsOf(
          (await assume(DEVELOPER, SEED.roleNoMfa, { ExternalId: SEED.externalIdNoMfa })) as { Credentials?: Credentials },
        );
        await assume(other, ANYONE_ROLE);
      });

      it('lets an explicit Deny win over an Allow', async function () {
        await assume(DEVELOPER, DENY_ROLE, { ExternalId: 'allowed-1234' });
        await expectServiceError(assume(DEVELOPER, DENY_ROLE, { ExternalId: 'blocked-1234' }), 'AccessDenied', 403, deniedText(SEED.developerArn, DENY_ROLE));
      });

      it('matches StringLike wildcards (* and ?) on sts:ExternalId', async function () {
        await assume(DEVELOPER, LIKE_ROLE, { ExternalId: 'team-42-alpha' });
        await assume(DEVELOPER, LIKE_ROLE, { ExternalId: 'ops-anything' });
        await expectServiceError(assume(DEVELOPER, LIKE_ROLE, { ExternalId: 'team-4-alpha' }), 'AccessDenied', 403);
      });

      it('carries MFA from a session created with it to the next hop', async function () {
        const withMfa = credentialsOf(
          (await client(custom, DEVELOPER).send(
            new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'mfa-a', ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial, TokenCode: custom.mfaCode(SEED.developerName) }),
          )) as { Credentials?: Credentials },
        );
        await assume(withMfa, MFA_ROLE);
        const withoutMfa = credentialsOf((await assume(DEVELOPER, SEED.roleNoMfa, { ExternalId: SEED.externalIdNoMfa })) as { Credentials?: Credentials });
        await expectServiceError(assume(withoutMfa, MFA_ROLE), 'AccessDenied', 403, deniedText('arn:aws:sts::222222222222:assumed-role/RoleNoMfa/policy-test', MFA_ROLE));
        // A session may also present the chain's MFA device itself.
        await assume(withoutMfa, MFA_ROLE, { SerialNumber: SEED.mfaSerial, TokenCode: custom.mfaCode(SEED.developerName) });
      });

      it('evaluates principals as IAM does (unit)', function () {
        const user: Principal = { kind: 'user', arn: SEED.developerArn, account: '111111111111', userId: 'AIDA', mfaPresent: false, grantsFrom: seedScenario().users[0]! };
        const session: Principal = { kind: 'assumed-role', arn: 'arn:aws:sts::222222222222:assumed-role/RoleA/s', account: '222222222222', userId: 'AROA:s', roleArn: SEED.roleA, mfaPresent: true, grantsFrom: seedScenario().roles[0]! };
        const policy = (aws: string, effect: 'Allow' | 'Deny' = 'Allow') => ({ Statement: { Effect: effect, Principal: { AWS: aws }, Action: 'sts:AssumeRole' } });
        assert.equal(evaluateTrustPolicy(policy(SEED.roleA), 'sts:AssumeRole', session, {}), 'allow');
        assert.equal(evaluateTrustPolicy(policy(SEED.roleA), 'sts:AssumeRole', user, {}), 'implicitDeny');
        assert.equal(evaluateTrustPolicy(policy(session.arn), 'sts:AssumeRole', session, {}), 'allow');
        assert.equal(evaluateTrustPolicy(policy(SEED.developerArn), 'sts:AssumeRole', session, {}), 'implicitDeny');
        assert.equal(evaluateTrustPolicy(policy('arn:aws:iam::222222222222:root'), 'sts:AssumeRole', user, {}), 'implicitDeny');
        assert.equal(evaluateTrustPolicy(policy('*', 'Deny'), 'sts:AssumeRole', user, {}), 'explicitDeny');
        assert.equal(evaluateTrustPolicy(policy('*'), 'sts:TagSession', user, {}), 'implicitDeny');
        const mfaFalse = { Statement: { Effect: 'Allow' as const, Principal: '*' as const, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } } };
        // Long-term keys carry no MFA key at all, so Bool "false" does not match them (the classic IAM gotcha).
        assert.equal(evaluateTrustPolicy(mfaFalse, 'sts:AssumeRole', user, {}), 'implicitDeny');
        assert.equal(evaluateTrustPolicy(mfaFalse, 'sts:AssumeRole', user, { 'aws:MultiFactorAuthPresent': 'false' }), 'allow');
        const notEquals = { Statement: { Effect: 'Allow' as const, Principal: '*' as const, Action: '*', Condition: { StringNotEquals: { 'sts:ExternalId': 'x' } } } };
        assert.equal(evaluateTrustPolicy(notEquals, 'sts:AssumeRole', user, {}), 'allow');
        assert.equal(evaluateTrustPolicy(notEquals, 'sts:AssumeRole', user, { 'STS:EXTERNALID': 'x' }), 'implicitDeny');
      });
    });
  });

  describe('MFA', function () {
    it('computes RFC 6238 codes (SHA-1, 30 s, 6 digits)', function () {
      // RFC 6238 appendix B seed "12345678901234567890", truncated to 6 digits.
      const rfcSeed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
      assert.equal(totpCode(rfcSeed, 59_000), '287082');
      assert.equal(totpCode(rfcSeed, 1111111109_000), '081804');
      assert.equal(totpCode(rfcSeed, 1234567890_000), '005924');
      assert.equal(totpCode(rfcSeed, 2000000000_000), '279037');
      assert.equal(verifyTotp(rfcSeed, '287082', 59_000 + 30_000), true);
      assert.equal(verifyTotp(rfcSeed, '287082', 59_000 + 60_000), false);
      assert.equal(verifyTotp(rfcSeed, '28708', 59_000), false);
    });

    describe('with a fixed clock', function () {
      let fixed: LocalAws;
      // The middle of a 30-second step near real time, so SigV4's 15-minute window is not in play.
      const now = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
      const code = (offsetSteps: number): string => totpCode(SEED.mfaSeedBase32, now + offsetSteps * 30_000);
      const assume = (extra: Partial<AssumeRoleCommandInput>): Promise<unknown> =>
        client(fixed, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'mfa', ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial, ...extra }));

      before(async function () {
        fixed = await startLocalAws({ clock: { now: () => now } });
      });
      after(async function () {
        await fixed.stop();
      });

      it('accepts the current code and one step either side', async function () {
        assert.equal(fixed.mfaCode(SEED.developerName), code(0));
        await assume({ TokenCode: code(0) });
        await assume({ TokenCode: code(-1) });
        await assume({ TokenCode: code(1) });
      });

      it('rejects codes two steps away and wrong codes', async function () {
        const invalid = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
        for (const wrong of [code(-2), code(2)].filter((candidate) => ![code(-1), code(0), code(1)].includes(candidate))) {
          await expectServiceError(assume({ TokenCode: wrong }), 'AccessDenied', 403, invalid);
        }
        const wrongCode = String((Number(code(0)) + 1) % 1_000_000).padStart(6, '0');
        await expectServiceError(assume({ TokenCode: wrongCode }), 'AccessDenied', 403, invalid);
      });

      it('needs both the serial number and the code, for a device of the caller', async function () {
        await expectServiceError(assume({ TokenCode: undefined }), 'AccessDenied', 403, 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.');
        await expectServiceError(
          assume({ SerialNumber: 'arn:aws:iam::111111111111:mfa/someone-else', TokenCode: code(0) }),
          'AccessDenied',
          403,
          'MultiFactorAuthentication failed, unable to validate MFA code.',
        );
      });
    });
  });

  describe('validation', function () {
    const assume = (input: Partial<AssumeRoleCommandInput>): Promise<unknown> =>
      client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'valid', ExternalId: SEED.externalIdNoMfa, ...input } as AssumeRoleCommandInput));

    it('checks RoleSessionName length and characters with AWS messages', async function () {
      await expectServiceError(
        assume({ RoleSessionName: 'a' }),
        'ValidationError',
        400,
        "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      );
      const long = 'x'.repeat(65);
      await expectServiceError(
        assume({ RoleSessionName: long }),
        'ValidationError',
        400,
        `1 validation error detected: Value '${long}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      );
      await expectServiceError(
        assume({ RoleSessionName: 'has space' }),
        'ValidationError',
        400,
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
      await expectServiceError(
        assume({ RoleSessionName: undefined }),
        'ValidationError',
        400,
        "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
      );
      await assume({ RoleSessionName: 'x'.repeat(64) });
      await assume({ RoleSessionName: 'ok_+=,.@-09' });
    });

    it('checks ExternalId length and characters without echoing the value', async function () {
      const error = await expectServiceError(assume({ ExternalId: 'z' }), 'ValidationError', 400, /at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2$/);
      assert.ok(!error.message.includes("'z'"));
      await expectServiceError(assume({ ExternalId: 'bad#external id' }), 'ValidationError', 400, /at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
      await expectServiceError(assume({ ExternalId: 'e'.repeat(1225) }), 'ValidationError', 400, /Member must have length less than or equal to 1224$/);
    });

    it('reports several violations at once', async function () {
      await expectServiceError(assume({ RoleSessionName: 'a', DurationSeconds: 100 }), 'ValidationError', 400, /^2 validation errors detected: Value 'a' at 'roleSessionName' .*; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/);
    });

    it('checks DurationSeconds against 900, 43200 and the role MaxSessionDuration', async function () {
      await expectServiceError(assume({ DurationSeconds: 899 }), 'ValidationError', 400, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
      await expectServiceError(assume({ DurationSeconds: 43201 }), 'ValidationError', 400, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
      await expectServiceError(assume({ DurationSeconds: 3601 }), 'ValidationError', 400, MAX_SESSION_DURATION_MESSAGE);
      await assume({ DurationSeconds: 3600 });
    });

    it('caps role chaining at one hour, even where the role allows more', async function () {
      const roleA = credentialsOf(await assumeRoleA(aws, { RoleSessionName: 'chain-a' }));
      await expectServiceError(
        client(aws, roleA).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'chain-b', ExternalId: SEED.externalIdB, DurationSeconds: 3601 })),
        'ValidationError',
        400,
        ROLE_CHAINING_MESSAGE,
      );
      assert.equal(ROLE_CHAINING_MESSAGE, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      const roleB = credentialsOf(await client(aws, roleA).send(new AssumeRoleCommand({ RoleArn: SEED.roleB, RoleSessionName: 'chain-b', ExternalId: SEED.externalIdB })));
      await expectServiceError(client(aws, roleB).send(new AssumeRoleCommand({ RoleArn: SEED.roleC, RoleSessionName: 'chain-c', DurationSeconds: 7200 })), 'ValidationError', 400, ROLE_CHAINING_MESSAGE);
      await client(aws, roleB).send(new AssumeRoleCommand({ RoleArn: SEED.roleC, RoleSessionName: 'chain-c', DurationSeconds: 3600 }));
    });
  });

  describe('authentication', function () {
    const signatureMismatch =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

    it('rejects a wrong secret key', async function () {
      await expectServiceError(
        client(aws, { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})),
        'SignatureDoesNotMatch',
        403,
        signatureMismatch,
      );
    });

    it('rejects a tampered signature and a tampered body', async function () {
      const form = stsForm({ Action: 'GetCallerIdentity' });
      const valid = await signedFetch({ endpoint: aws.endpoint, service: 'sts', credentials: DEVELOPER, headers: { 'content-type': FORM_CONTENT_TYPE }, body: form });
      assert.equal(valid.status, 200);
      assert.match(valid.body, /<Arn>arn:aws:iam::111111111111:user\/developer<\/Arn>/);
      const flipped = await signedFetch({
        endpoint: aws.endpoint,
        service: 'sts',
        credentials: DEVELOPER,
        headers: { 'content-type': FORM_CONTENT_TYPE },
        body: form,
        mutate: (request) => {
          request.headers.authorization = request.headers.authorization!.replace(/Signature=([0-9a-f])/, (_all, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
        },
      });
      assert.equal(flipped.status, 403);
      assert.match(flipped.body, /<Code>SignatureDoesNotMatch<\/Code>/);
      const swapped = await signedFetch({
        endpoint: aws.endpoint,
        service: 'sts',
        credentials: DEVELOPER,
        headers: { 'content-type': FORM_CONTENT_TYPE },
        body: form,
        mutate: (request) => {
          request.body = stsForm({ Action: 'AssumeRole', RoleArn: SEED.roleNoMfa, RoleSessionName: 'sneaky', ExternalId: SEED.externalIdNoMfa });
        },
      });
      assert.equal(swapped.status, 403);
      assert.match(swapped.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    });

    it('accepts the query-string form of the protocol (GET with Action in the URL)', async function () {
      const response = await signedFetch({ endpoint: aws.endpoint, service: 'sts', credentials: DEVELOPER, method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
      assert.equal(response.status, 200);
      assert.match(response.body, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
      assert.match(response.body, /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
      assert.equal(response.headers.get('x-amzn-requestid')?.length, 36);
    });

    it('rejects unknown keys and missing or wrong session tokens as InvalidClientTokenId', async function () {
      const invalid = 'The security token included in the request is invalid.';
      await expectServiceError(client(aws, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalid);
      const session = credentialsOf(await assumeRoleA(aws, { RoleSessionName: 'tokens' }));
      await expectServiceError(client(aws, { ...session, sessionToken: undefined }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalid);
      await expectServiceError(client(aws, { ...session, sessionToken: `${session.sessionToken}x` }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalid);
      await expectServiceError(client(aws, { ...DEVELOPER, sessionToken: session.sessionToken }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, invalid);
    });

    it('answers anonymous requests with MissingAuthenticationToken in AWS XML', async function () {
      const response = await fetch(aws.endpoint, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE }, body: stsForm({ Action: 'GetCallerIdentity' }) });
      assert.equal(response.status, 403);
      const body = await response.text();
      assert.match(
        body,
        /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
      );
      assert.deepEqual(
        aws.requestLog().map((entry) => [entry.service, entry.operation, entry.status, entry.errorCode, entry.principal]),
        [['sts', 'GetCallerIdentity', 403, 'MissingAuthenticationToken', undefined]],
      );
    });

    it('answers an unknown action or version with InvalidAction', async function () {
      const unknown = await signedFetch({ endpoint: aws.endpoint, service: 'sts', credentials: DEVELOPER, headers: { 'content-type': FORM_CONTENT_TYPE }, body: stsForm({ Action: 'GetSessionTokenX' }) });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body, /<Code>InvalidAction<\/Code><Message>Could not find operation GetSessionTokenX for version 2011-06-15<\/Message>/);
      const oldVersion = await signedFetch({
        endpoint: aws.endpoint,
        service: 'sts',
        credentials: DEVELOPER,
        headers: { 'content-type': FORM_CONTENT_TYPE },
        body: new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2010-01-01' }).toString(),
      });
      assert.equal(oldVersion.status, 400);
      assert.match(oldVersion.body, /<Code>InvalidAction<\/Code>/);
    });
  });

  describe('time', function () {
    let timed: LocalAws;
    beforeEach(async function () {
      timed = await startLocalAws();
    });
    afterEach(async function () {
      await timed.stop();
    });

    it('answers ExpiredToken once a session has expired (the SDK first corrects its clock from the Date header)', async function () {
      const session = credentialsOf(
        await client(timed, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'expiring', ExternalId: SEED.externalIdNoMfa, DurationSeconds: 900 })),
      );
      await client(timed, session).send(new GetCallerIdentityCommand({}));
      timed.advanceClock(901_000);
      const error = await expectServiceError(
        client(timed, session, { maxAttempts: 3 }).send(new GetCallerIdentityCommand({})),
        'ExpiredToken',
        403,
        'The security token included in the request is expired',
      );
      // The first attempt is signed 15 minutes behind the endpoint; the SDK retries with the corrected clock.
      assert.ok((error.$metadata?.attempts ?? 0) >= 2, 'retried after correcting the clock');
      // Long-term keys do not expire.
      const me = await client(timed, DEVELOPER, { maxAttempts: 3 }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, SEED.developerArn);
    });

    it('rejects requests signed more than 15 minutes off, with AWS wording', async function () {
      await expectServiceError(
        client(timed, DEVELOPER, { systemClockOffset: -16 * 60_000 }).send(new GetCallerIdentityCommand({})),
        'SignatureDoesNotMatch',
        403,
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      );
      await expectServiceError(
        client(timed, DEVELOPER, { systemClockOffset: 16 * 60_000 }).send(new GetCallerIdentityCommand({})),
        'SignatureDoesNotMatch',
        403,
        /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
      );
      await client(timed, DEVELOPER, { systemClockOffset: -14 * 60_000 }).send(new GetCallerIdentityCommand({}));
      // The SDK takes the endpoint's Date header as the true time: a client that was an hour off works on its next call.
      const skewed = client(timed, DEVELOPER, { systemClockOffset: -60 * 60_000 });
      await expectServiceError(skewed.send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403, /^Signature expired/);
      assert.equal((await skewed.send(new GetCallerIdentityCommand({}))).Arn, SEED.developerArn);
    });
  });

  describe('request log and recorded secrets', function () {
    it('logs operation, principal, key id, status and error code of every request', async function () {
      await client(aws, DEVELOPER).send(new GetCallerIdentityCommand({}));
      await failure(client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'logged', ExternalId: SEED.externalIdA })));
      await failure(client(aws, DEVELOPER).send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'x' })));
      const log = aws.requestLog();
      assert.deepEqual(
        log.map(({ service, operation, principal, accessKeyId, status, errorCode }) => ({ service, operation, principal, accessKeyId, status, errorCode })),
        [
          { service: 'sts', operation: 'GetCallerIdentity', principal: SEED.developerArn, accessKeyId: SEED.developerAccessKeyId, status: 200, errorCode: undefined },
          { service: 'sts', operation: 'AssumeRole', principal: SEED.developerArn, accessKeyId: SEED.developerAccessKeyId, status: 403, errorCode: 'AccessDenied' },
          { service: 'sts', operation: 'AssumeRole', principal: SEED.developerArn, accessKeyId: SEED.developerAccessKeyId, status: 400, errorCode: 'ValidationError' },
        ],
      );
      assert.ok(log.every((entry) => Math.abs(entry.time - Date.now()) < 60_000));
      aws.clearRequestLog();
      assert.deepEqual(aws.requestLog(), []);
    });

    it('records every secret it issues or receives, and writes none of them to the log', async function () {
      const code = aws.mfaCode(SEED.developerName);
      const result = await assumeRoleA(aws, { RoleSessionName: 'secrets', TokenCode: code });
      const creds = credentialsOf(result);
      const seen = aws.seenSecrets();
      const has = (kind: string, value: string): boolean => seen.some((secret) => secret.kind === kind && secret.value === value);
      assert.ok(has('secretAccessKey', SEED.developerSecretAccessKey), 'the user secret');
      assert.ok(has('secretAccessKey', creds.secretAccessKey), 'the issued secret');
      assert.ok(has('sessionToken', creds.sessionToken ?? ''), 'the issued token');
      assert.ok(has('externalId', SEED.externalIdA), 'the ExternalId received');
      assert.ok(has('mfaCode', code), 'the MFA code received');
      const logText = JSON.stringify(aws.requestLog());
      for (const secret of seen) assert.ok(!logText.includes(secret.value), `the log does not contain a ${secret.kind}`);
    });
  });
});
