// Step 1 is role chaining when the base credentials are themselves a role session (an IAM Identity Center role, an
// instance role, a role_arn or credential_source profile): AWS caps it at one hour. runChain, the wizard and the
// policy generator apply the cap there too, and the generator names what else AWS needs across accounts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { loadAwsConfigFiles, runChain } from '../../src/core/aws';
import { sourceProfileIsRoleSession } from '../../src/core/aws/baseSessionCap';
import { isRoleSessionProfile, type ProfileKind } from '../../src/core/awsProfiles';
import type { ChainConfig } from '../../src/core/chain';
import type { RoleChainError } from '../../src/core/errors';
import { generatePolicies } from '../../src/core/policies/model';
import { validateDurationSeconds } from '../../src/core/validation';
import { runChainWizard } from '../../src/ui/chainEditor/chainWizard';
import type { Answer, Question, WizardUi } from '../../src/ui/chainEditor/wizardUi';
import { SEED, seedScenario, startLocalAws, type LocalAws } from '../localAws';
import { l10nEnglish } from '../support/l10nEnglish';

const FROM_SESSION = 'arn:aws:iam::222222222222:role/FromNoMfaSession';
const CHAINING = /Step 1\/1 asks for 43200 s but chained role sessions last at most 3600 s \(the base credentials are a role session, so step 1 is role chaining too\): set durationSeconds ≤ 3600\./;

async function failure(p: Promise<unknown>): Promise<RoleChainError> {
  try {
    await p;
  } catch (e) {
    return e as RoleChainError;
  }
  return assert.fail('expected the chain to fail');
}

describe('role-session base credentials: step 1 is role chaining', () => {
  it('knows which profile kinds always hand out a role session', () => {
    const kinds: ProfileKind[] = ['role', 'credential-source', 'web-identity', 'sso', 'keys', 'credential-process', 'login', 'incomplete'];
    assert.deepEqual(
      kinds.filter((k) => isRoleSessionProfile(k)),
      ['role', 'credential-source', 'web-identity', 'sso'],
    );
    assert.equal(isRoleSessionProfile(undefined), false);
  });

  it('validateDurationSeconds caps step 1 at 3600 s when the base is a role session', () => {
    assert.equal(validateDurationSeconds(43200, false), undefined);
    assert.match(validateDurationSeconds(43200, false, true) ?? '', /base credentials are a role session.*step 1 is role chaining too.*≤ 3600; got 43200/);
    assert.equal(validateDurationSeconds(3600, false, true), undefined);
  });

  it('the wizard applies the cap to step 1 when the chosen base profile is an SSO or role profile', async () => {
    const messages: Record<string, string | undefined> = {};
    const run = async (profile: string): Promise<void> => {
      const ui: WizardUi = {
        ask: async (q: Question): Promise<Answer> => {
          if (q.id === 'name') return { value: `chain-${profile}` };
          if (q.id === 'sourceProfile') return { value: `profile:${profile}` };
          if (q.id === 'step1.roleArn') return { value: SEED.roleA };
          if (q.id === 'step1.durationSeconds') {
            if (q.kind === 'input') messages[profile] = q.validate('43200');
            return undefined;
          }
          return { value: q.value ?? '' };
        },
      };
      await runChainWizard({
        ui,
        l10n: l10nEnglish,
        takenNames: new Set(),
        profiles: [
          { name: 'sso-dev', kind: 'sso' },
          { name: 'instance', kind: 'credential-source' },
          { name: 'keys', kind: 'keys' },
        ],
      });
    };
    for (const profile of ['sso-dev', 'instance', 'keys']) await run(profile);
    assert.match(messages['sso-dev'] ?? '', /role session/);
    assert.match(messages.instance ?? '', /role session/);
    assert.equal(messages.keys, undefined, 'long-term keys may ask for 12 h');
  });

  it('reads the sourceProfile kind from the AWS files (SSO, role_arn) only when step 1 asks for more than an hour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-role-session-base-'));
    try {
      const configFilepath = join(dir, 'config');
      const filepath = join(dir, 'credentials');
      writeFileSync(
        configFilepath,
        [
          '[profile sso-dev]',
          'sso_session = corp',
          'sso_account_id = 111111111111',
          'sso_role_name = Dev',
          '[profile hop]',
          `role_arn = ${SEED.roleA}`,
          'source_profile = keys',
          '[profile keys]',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
      writeFileSync(filepath, '[keys]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\naws_secret_access_key = not-a-real-secret-for-this-test-only\n');
      const chain = (sourceProfile: string, durationSeconds?: number): ChainConfig => ({ name: 'c', sourceProfile, steps: [{ roleArn: SEED.roleB, externalId: 'none', ...(durationSeconds ? { durationSeconds } : {}) }] });
      const files = (await loadAwsConfigFiles({ configFilepath, filepath })).files;
      assert.equal(sourceProfileIsRoleSession(chain('sso-dev', 43200), files), true);
      assert.equal(sourceProfileIsRoleSession(chain('hop', 7200), files), true);
      assert.equal(sourceProfileIsRoleSession(chain('keys', 43200), files), false);
      assert.equal(sourceProfileIsRoleSession(chain('sso-dev', 43200), undefined), false, 'unread files say nothing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('runChain against the local endpoint', () => {
    let aws: LocalAws;
    before(async () => {
      const config = seedScenario();
      // Same account, trusting the RoleNoMfa role by name: its sessions need no permission policy, and the role would allow 12 h.
      config.roles.push({
        arn: FROM_SESSION,
        maxSessionDuration: 43200,
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: SEED.roleNoMfa }, Action: 'sts:AssumeRole' }] },
      });
      aws = await startLocalAws({ config });
    });
    after(async () => {
      await aws?.stop();
    });

    const roleSessionBase = async (): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> => {
      const out = await new STSClient({ endpoint: aws.endpoint, region: SEED.region, maxAttempts: 1, credentials: { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey } }).send(
        new AssumeRoleCommand({ RoleArn: SEED.roleNoMfa, RoleSessionName: 'base-session', ExternalId: SEED.externalIdNoMfa }),
      );
      const c = out.Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    };
    const chain = (durationSeconds: number): ChainConfig => ({ name: 'from-session', region: SEED.region, steps: [{ roleArn: FROM_SESSION, externalId: 'none', durationSeconds }] });
    const prompts = { externalId: async () => undefined, mfaCode: async () => undefined };

    it('base credentials that are a role session: step 1 over an hour fails before any AssumeRole, like AWS would', async () => {
      const base = await roleSessionBase();
      aws.clearRequestLog();
      const e = await failure(runChain(chain(43200), { endpoints: { sts: aws.endpoint }, baseCredentials: async () => base, prompts }));
      assert.equal(e.kind, 'chaining-cap');
      assert.equal(e.stepIndex, 0);
      assert.match(e.message, CHAINING);
      assert.deepEqual(
        aws.requestLog().map((entry) => entry.operation),
        ['GetCallerIdentity'],
        'only the identity question is sent, no AssumeRole',
      );
    });

    it('within the hour the same base runs step 1 without asking who it is', async () => {
      const base = await roleSessionBase();
      aws.clearRequestLog();
      const session = await runChain(chain(3600), { endpoints: { sts: aws.endpoint }, baseCredentials: async () => base, prompts });
      assert.match(session.steps[0]!.assumedRoleArn, /^arn:aws:sts::222222222222:assumed-role\/FromNoMfaSession\//);
      assert.deepEqual(
        aws.requestLog().map((entry) => entry.operation),
        ['AssumeRole'],
      );
    });

    it('a base known to be a role session (SSO or role profile) is refused before anything is sent', async () => {
      aws.clearRequestLog();
      const e = await failure(
        runChain(chain(43200), {
          endpoints: { sts: aws.endpoint },
          baseCredentials: async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey }),
          baseIsRoleSession: true,
          prompts,
        }),
      );
      assert.equal(e.kind, 'chaining-cap');
      assert.match(e.message, CHAINING);
      assert.deepEqual(aws.requestLog(), []);
    });

    it('the local STS itself refuses the chained 12 h session with AWS\'s message', async () => {
      const base = await roleSessionBase();
      await assert.rejects(
        new STSClient({ endpoint: aws.endpoint, region: SEED.region, maxAttempts: 1, credentials: base }).send(
          new AssumeRoleCommand({ RoleArn: FROM_SESSION, RoleSessionName: 'too-long', DurationSeconds: 43200 }),
        ),
        (e: Error) => e.name === 'ValidationError' && e.message === 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    });
  });

  describe('policy generator', () => {
    const longFirstStep = (): ChainConfig => ({ name: 'long', steps: [{ roleArn: SEED.roleA, externalId: 'none', durationSeconds: 43200 }, { roleArn: SEED.roleB, externalId: 'none' }] });

    it('a user base keeps step 1 at what it asks for', () => {
      const p = generatePolicies(longFirstStep(), { basePrincipalArn: SEED.developerArn });
      assert.equal(p.roles[0]!.maxSessionDuration, 43200);
      assert.ok(!p.notes.some((n) => /role chaining/.test(n)));
    });

    for (const [what, opts] of [
      ['a role base principal', { basePrincipalArn: 'arn:aws:iam::111111111111:role/SsoDeveloper' }],
      ['an assumed-role base principal', { basePrincipalArn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev_0123456789abcdef/alice' }],
      ['base credentials flagged as a role session', { basePrincipalArn: SEED.developerArn, baseIsRoleSession: true }],
    ] as const) {
      it(`${what}: step 1 is role chaining, MaxSessionDuration 3600 and a note to lower durationSeconds`, () => {
        const p = generatePolicies(longFirstStep(), opts);
        assert.equal(p.roles[0]!.maxSessionDuration, 3600);
        assert.match(p.roles[0]!.maxSessionDurationReason, /base credentials, which are a role session \(role chaining\)/);
        assert.ok(
          p.notes.some((n) => /^Step 1 asks for 43200 s, but the base credentials are a role session, so step 1 is role chaining.*3600 or less\.$/.test(n)),
          p.notes.join('\n'),
        );
      });
    }

    it('names the KMS key policy a key in another account needs, and the bucket policy for a bucket in another account', () => {
      const key = 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const p = generatePolicies(
        { name: 'kms', steps: [{ roleArn: SEED.roleA, externalId: 'none' }, { roleArn: SEED.roleB, externalId: 'none' }], s3: { sse: 'aws:kms', kmsKeyId: key, buckets: [SEED.bucket2] } },
        { basePrincipalArn: SEED.developerArn },
      );
      assert.ok(p.notes.some((n) => n.includes(`The KMS key ${key} is in account 999999999999`) && n.includes(`key policy must also allow ${SEED.roleB}`)), p.notes.join('\n'));
      assert.ok(p.notes.some((n) => n.includes(`If a pinned bucket (${SEED.bucket2}) belongs to account 999999999999`) && n.includes(`bucket policy must also allow ${SEED.roleB}`)), p.notes.join('\n'));

      const sameAccountKey = generatePolicies(
        { name: 'kms', steps: [{ roleArn: SEED.roleB, externalId: 'none' }], s3: { sse: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/k', buckets: [SEED.bucket2] } },
        { basePrincipalArn: SEED.developerArn },
      );
      assert.ok(!sameAccountKey.notes.some((n) => n.includes('The KMS key')), 'no key policy note for a key in the role\'s own account');
      assert.ok(sameAccountKey.notes.some((n) => n.includes('belongs to an account other than 333333333333')));
    });
  });
});
