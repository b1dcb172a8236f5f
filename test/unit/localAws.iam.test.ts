// The local endpoint's IAM as AWS evaluates it: AssumeRole needs the caller's identity policy as well as the role's
// trust policy (same account: a trust policy naming the caller suffices), ARNs match part by part, principals and
// sessions keep their partition, and policy variables are refused rather than guessed.
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { arnMatch, evaluateTrustPolicy } from '../localAws/iam';
import { SEED, seedScenario, startLocalAws, type LocalAws, type LocalAwsConfig, type PolicyDocument, type Principal } from '../localAws';
import type { RawCredentials } from '../localAws/rawClient';
import { expectServiceError } from './sdkFailure';

const DEVELOPER: RawCredentials = { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey };
const OPS: RawCredentials = { accessKeyId: 'AKIA5LOCALOPSUSER001', secretAccessKey: 'Zr4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0e' };
const OPS_ARN = 'arn:aws:iam::111111111111:user/ops';
const SAME_NAMED = 'arn:aws:iam::111111111111:role/SameAccountNamed';
const SAME_ROOT = 'arn:aws:iam::111111111111:role/SameAccountRoot';
const SAME_DENIED = 'arn:aws:iam::111111111111:role/SameAccountDenied';
const OTHER_NAMED = 'arn:aws:iam::666666666666:role/OtherAccountNamed';
const SESSION_SAME = 'arn:aws:iam::222222222222:role/TrustsRoleNoMfa';

const trusting = (...principals: string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }],
});

function client(aws: LocalAws, credentials: RawCredentials, region: string = SEED.region): STSClient {
  return new STSClient({ endpoint: aws.endpoint, region, credentials, maxAttempts: 1 });
}

async function assume(aws: LocalAws, creds: RawCredentials, RoleArn: string, extra: Partial<AssumeRoleCommandInput> = {}, region?: string): Promise<RawCredentials & { arn: string }> {
  const out = await client(aws, creds, region).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'iam-test', ...extra }));
  const c = out.Credentials;
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken && out.AssumedRoleUser?.Arn);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, arn: out.AssumedRoleUser.Arn };
}

const identityDenied = /is not authorized to perform: sts:AssumeRole on resource: .* because no identity-based policy allows the sts:AssumeRole action$/;

describe('local AWS: IAM', function () {
  describe('AssumeRole evaluates the caller\'s identity policy as well as the trust policy', function () {
    let aws: LocalAws;

    before(async function () {
      const config: LocalAwsConfig = seedScenario();
      config.users.push({
        name: 'ops',
        account: SEED.developerAccount,
        accessKeyId: OPS.accessKeyId,
        secretAccessKey: OPS.secretAccessKey,
        identityPolicies: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/*' },
              { Effect: 'Deny', Action: 'sts:*', Resource: SAME_DENIED },
            ],
          },
        ],
      });
      config.roles.push(
        { arn: SAME_NAMED, trustPolicy: trusting(SEED.developerArn, OPS_ARN) },
        { arn: SAME_ROOT, trustPolicy: trusting('arn:aws:iam::111111111111:root') },
        { arn: SAME_DENIED, trustPolicy: trusting(OPS_ARN) },
        { arn: OTHER_NAMED, trustPolicy: trusting(SEED.developerArn, OPS_ARN) },
        { arn: SESSION_SAME, trustPolicy: trusting(SEED.roleNoMfa) },
      );
      aws = await startLocalAws({ config });
    });
    after(async function () {
      await aws.stop();
    });

    it('runs the seed chain on the generated identity policies', async function () {
      const a = await assume(aws, DEVELOPER, SEED.roleA, { ExternalId: SEED.externalIdA, SerialNumber: SEED.mfaSerial, TokenCode: aws.mfaCode(SEED.developerName) });
      const b = await assume(aws, a, SEED.roleB, { ExternalId: SEED.externalIdB });
      await assume(aws, b, SEED.roleC);
    });

    it('cross-account: a trust policy naming the caller is not enough without the caller\'s permission', async function () {
      await expectServiceError(assume(aws, DEVELOPER, OTHER_NAMED), 'AccessDenied', 403, identityDenied);
      await assume(aws, OPS, OTHER_NAMED);
    });

    it('same account: a trust policy naming the user suffices; one naming the account root needs the identity policy', async function () {
      await assume(aws, DEVELOPER, SAME_NAMED);
      await expectServiceError(assume(aws, DEVELOPER, SAME_ROOT), 'AccessDenied', 403, identityDenied);
      await assume(aws, OPS, SAME_ROOT);
    });

    it('same account: a trust policy naming the role lets its sessions in without a permission policy', async function () {
      const noMfa = await assume(aws, DEVELOPER, SEED.roleNoMfa, { ExternalId: SEED.externalIdNoMfa });
      await assume(aws, noMfa, SESSION_SAME);
    });

    it('an explicit Deny in the identity policy wins, even over a trust policy naming the caller', async function () {
      await expectServiceError(assume(aws, OPS, SAME_DENIED), 'AccessDenied', 403, identityDenied);
    });

    it('caps a session assumed from a role session at one hour, as AWS does for role chaining', async function () {
      const noMfa = await assume(aws, DEVELOPER, SEED.roleNoMfa, { ExternalId: SEED.externalIdNoMfa });
      await expectServiceError(
        assume(aws, noMfa, SESSION_SAME, { DurationSeconds: 3601 }),
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    });
  });

  describe('ARN matching (ArnLike, ArnEquals, Resource)', function () {
    it('matches each colon-separated part on its own; * never crosses a colon', function () {
      assert.equal(arnMatch('arn:aws:iam::*:role/*', 'arn:aws:iam::111111111111:role/ops/RoleC'), true);
      assert.equal(arnMatch('arn:aws:iam::1*:role/x', 'arn:aws:iam::111111111111:role/x'), true);
      assert.equal(arnMatch('arn:aws:iam::*:role/x', 'arn:aws:iam::111:222:role/x'), false);
      assert.equal(arnMatch('arn:*:iam::111111111111:role/x', 'arn:aws:sts::111111111111:role/x'), false);
      assert.equal(arnMatch('arn:aws:iam::????????????:user/*', 'arn:aws:iam::111111111111:user/developer'), true);
      assert.equal(arnMatch('arn:aws:iam::???????????:user/*', 'arn:aws:iam::111111111111:user/developer'), false);
    });

    it('globs the resource part (after the fifth colon) as a whole, colons and slashes included', function () {
      assert.equal(arnMatch('arn:aws:s3:::bucket1/*', 'arn:aws:s3:::bucket1/a:b/c'), true);
      assert.equal(arnMatch('arn:aws:sts::222222222222:assumed-role/RoleA/*', 'arn:aws:sts::222222222222:assumed-role/RoleA/x@y'), true);
    });

    it('does not let a truncated ARN such as arn:aws:iam::* match everything', function () {
      assert.equal(arnMatch('arn:aws:iam::*', 'arn:aws:iam::111111111111:user/developer'), false);
      assert.equal(arnMatch('arn:aws:*', 'arn:aws:iam::111111111111:role/RoleA'), false);
      assert.equal(arnMatch('*', 'arn:aws:iam::111111111111:role/RoleA'), true);
    });

    it('applies the same rules in ArnLike and ArnEquals conditions', function () {
      const user: Principal = { kind: 'user', arn: SEED.developerArn, account: '111111111111', userId: 'AIDA', mfaPresent: false, grantsFrom: seedScenario().users[0]! };
      const policy = (operator: string, value: string): PolicyDocument => ({
        Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { [operator]: { 'aws:PrincipalArn': value } } },
      });
      const context = { 'aws:PrincipalArn': SEED.developerArn };
      assert.equal(evaluateTrustPolicy(policy('ArnLike', 'arn:aws:iam::*'), 'sts:AssumeRole', user, context), 'implicitDeny');
      assert.equal(evaluateTrustPolicy(policy('ArnLike', 'arn:aws:iam::*:user/*'), 'sts:AssumeRole', user, context), 'allow');
      assert.equal(evaluateTrustPolicy(policy('ArnLike', 'arn:aws:iam::*:user/dev*'), 'sts:AssumeRole', user, { 'aws:PrincipalArn': 'arn:aws:iam::1:2:user/developer' }), 'implicitDeny');
      assert.equal(evaluateTrustPolicy(policy('ArnEquals', 'arn:aws:iam::111111111111:user/*'), 'sts:AssumeRole', user, context), 'allow');
      assert.equal(evaluateTrustPolicy(policy('ArnNotLike', 'arn:aws:iam::*'), 'sts:AssumeRole', user, context), 'allow');
    });
  });

  describe('partitions', function () {
    for (const [partition, region] of [
      ['aws-cn', 'cn-north-1'],
      ['aws-us-gov', 'us-gov-west-1'],
    ] as const) {
      it(`serves ${partition}: the user, the role session and the trust follow the partition`, async function () {
        const userArn = `arn:${partition}:iam::777777777777:user/remote-dev`;
        const role = `arn:${partition}:iam::888888888888:role/Remote`;
        const wrongPartitionRole = `arn:${partition}:iam::888888888888:role/TrustsCommercialArn`;
        const config: LocalAwsConfig = {
          users: [
            {
              name: 'remote-dev',
              account: '777777777777',
              partition,
              accessKeyId: 'AKIA5LOCALREMOTEDEV1',
              secretAccessKey: 'Pq2wE5rT8yU1iO4pA7sD0fG3hJ6kL9zX2cV5bN8m',
              identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:${partition}:iam::888888888888:role/*` }] }],
            },
          ],
          roles: [
            { arn: role, trustPolicy: trusting(userArn) },
            { arn: wrongPartitionRole, trustPolicy: trusting('arn:aws:iam::777777777777:user/remote-dev') },
          ],
          buckets: [],
        };
        const aws = await startLocalAws({ config });
        try {
          const creds: RawCredentials = { accessKeyId: 'AKIA5LOCALREMOTEDEV1', secretAccessKey: 'Pq2wE5rT8yU1iO4pA7sD0fG3hJ6kL9zX2cV5bN8m' };
          const me = await client(aws, creds, region).send(new GetCallerIdentityCommand({}));
          assert.equal(me.Arn, userArn);
          const session = await assume(aws, creds, role, {}, region);
          assert.equal(session.arn, `arn:${partition}:sts::888888888888:assumed-role/Remote/iam-test`);
          const again = await client(aws, session, region).send(new GetCallerIdentityCommand({}));
          assert.equal(again.Arn, session.arn);
          await expectServiceError(assume(aws, creds, wrongPartitionRole, {}, region), 'AccessDenied', 403);
        } finally {
          await aws.stop();
        }
      });
    }
  });

  describe('policy variables', function () {
    it('refuses a trust policy with ${aws:PrincipalAccount} loudly, naming the variable', async function () {
      const config = seedScenario();
      config.roles[0]!.trustPolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:PrincipalAccount}' } } }],
      };
      await assert.rejects(startLocalAws({ config }), /MalformedPolicyDocument: the policy variable \$\{aws:PrincipalAccount\} is not supported/);
    });

    it('refuses an identity policy with a policy variable in its Resource', async function () {
      const config = seedScenario();
      config.users[0]!.identityPolicies = [
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::${aws:PrincipalAccount}:role/*' }] },
      ];
      await assert.rejects(startLocalAws({ config }), /user developer: identity policy 0 Statement 0: MalformedPolicyDocument: the policy variable \$\{aws:PrincipalAccount\}/);
    });
  });
});
