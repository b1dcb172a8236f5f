// The seed scenario, mirroring the pattern the product exists for: a developer (long-term key + MFA) in one
// account assumes RoleA in a second account (ExternalId + MFA), and from that session RoleB in a third account
// (its own ExternalId); RoleC in a fourth account extends the chain to three hops. An IAM Identity Center user,
// sso-developer, signs in with the device flow and gets the ChainStarter permission set in the developer account,
// whose role may start the same chain at RoleA (with RoleA's ExternalId; Identity Center's MFA does not reach STS).
// These are sample credentials of a local test endpoint, not real AWS secrets.
// The identity policies that let each principal assume the next role come from the product's policy generator, so
// a generator that forgot them would make every chain fail here as it would on AWS.
import type { ChainConfig } from '../../src/core/chain';
import { generatePolicies } from '../../src/core/policies/model';
import { userArn } from './identities';
import type { LocalAwsConfig, PolicyDocument } from './types';

export const SEED = {
  region: 'us-east-1',
  developerAccount: '111111111111',
  roleAAccount: '222222222222',
  roleBAccount: '333333333333',
  roleCAccount: '444444444444',
  developerName: 'developer',
  developerArn: 'arn:aws:iam::111111111111:user/developer',
  developerAccessKeyId: 'AKIA5LOCALDEVELOPER1',
  developerSecretAccessKey: 'wLq3vZ8rT1nYc6pK0bHx4sJ9uE2mDg7aVf5iNo+R',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/developer',
  mfaSeedBase32: 'KRUGS4ZANFZSA5DIMUQGY33DMFWCAZDFNVXSA43FMVSA',
  roleA: 'arn:aws:iam::222222222222:role/RoleA',
  roleB: 'arn:aws:iam::333333333333:role/RoleB',
  roleC: 'arn:aws:iam::444444444444:role/ops/RoleC',
  roleNoMfa: 'arn:aws:iam::222222222222:role/RoleNoMfa',
  externalIdA: 'rc-partner-a/7Qm2xK9vLp4Tz8Wd',
  externalIdB: 'rc-partner-b=Hn3sF6yJ0cR5gB1e',
  externalIdNoMfa: 'rc-nomfa@Ve8kU2oP7wM4qX9t',
  bucket1: 'bucket1',
  bucket2: 'bucket2',
  ssoRegion: 'us-east-1',
  ssoStartUrl: 'https://d-9067c0ffee.awsapps.com/start',
  ssoUserName: 'sso-developer',
  ssoPermissionSet: 'ChainStarter',
  ssoAccountName: 'developer-base',
  ssoRoleArn: 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ChainStarter_5f1e0c9a7b3d2e48',
} as const;

/** The seed's chains as the generator sees them: developer → RoleA → RoleB → RoleC, and developer → RoleNoMfa. */
export function seedGeneratorChains(): ChainConfig[] {
  return [
    {
      name: 'seed three-step',
      region: SEED.region,
      steps: [
        { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
        { roleArn: SEED.roleB, externalId: 'prompt' },
        { roleArn: SEED.roleC, externalId: 'none' },
      ],
    },
    { name: 'seed one-step', region: SEED.region, steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }] },
  ];
}

/** The seed chain as an Identity Center base starts it: no MFA at RoleA (STS cannot see Identity Center's). */
export function seedSsoGeneratorChain(): ChainConfig {
  return { name: 'seed sso', region: SEED.region, steps: [{ roleArn: SEED.roleA, externalId: 'prompt' }] };
}

/**
 * The generated permission policies of the seed chains, keyed by the ARN of the principal they belong to (the
 * developer's user ARN, or a role ARN): the "may assume the next role" half of every hop.
 */
export function seedIdentityPolicies(): Map<string, PolicyDocument[]> {
  const out = new Map<string, PolicyDocument[]>();
  const add = (arn: string, document: PolicyDocument): void => {
    out.set(arn, [...(out.get(arn) ?? []), document]);
  };
  for (const chain of seedGeneratorChains()) {
    const generated = generatePolicies(chain, { basePrincipalArn: SEED.developerArn });
    add(generated.base.arn, generated.base.policy.document);
    for (const role of generated.roles) {
      for (const named of role.policies) add(role.roleArn, named.document);
    }
  }
  // The Identity Center role's half of its hop into RoleA (the rest of the chain is the seed's own).
  add(SEED.ssoRoleArn, generatePolicies(seedSsoGeneratorChain(), { basePrincipalArn: SEED.ssoRoleArn }).base.policy.document);
  return out;
}

/** A fresh copy of the seed scenario (callers may change it without affecting other endpoints). */
export function seedScenario(): LocalAwsConfig {
  const config = seedRolesAndUsers();
  const identity = seedIdentityPolicies();
  for (const user of config.users) {
    const policies = identity.get(userArn(user));
    if (policies) user.identityPolicies = policies;
  }
  for (const role of config.roles) {
    const policies = identity.get(role.arn);
    if (policies) role.identityPolicies = policies;
  }
  return config;
}

function seedRolesAndUsers(): LocalAwsConfig {
  return {
    users: [
      {
        name: SEED.developerName,
        account: SEED.developerAccount,
        accessKeyId: SEED.developerAccessKeyId,
        secretAccessKey: SEED.developerSecretAccessKey,
        mfa: { serial: SEED.mfaSerial, seedBase32: SEED.mfaSeedBase32 },
      },
    ],
    roles: [
      {
        arn: SEED.roleA,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DeveloperWithExternalIdAndMfa',
              Effect: 'Allow',
              Principal: { AWS: SEED.developerArn },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: { 'sts:ExternalId': SEED.externalIdA },
                Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              },
            },
            {
              Sid: 'IdentityCenterChainStarterWithExternalId',
              Effect: 'Allow',
              Principal: { AWS: SEED.ssoRoleArn },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': SEED.externalIdA } },
            },
          ],
        },
        s3: [{ bucket: SEED.bucket1, actions: ['list', 'get', 'put', 'delete'] }],
        listAllMyBuckets: true,
      },
      {
        arn: SEED.roleB,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RoleASessionsWithExternalId',
              Effect: 'Allow',
              Principal: { AWS: SEED.roleA },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': SEED.externalIdB } },
            },
          ],
        },
        s3: [{ bucket: SEED.bucket2, actions: ['list', 'get', 'put', 'delete'] }],
        listAllMyBuckets: false,
      },
      {
        arn: SEED.roleC,
        maxSessionDuration: 7200,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'RoleBSessions', Effect: 'Allow', Principal: { AWS: SEED.roleB }, Action: 'sts:AssumeRole' }],
        },
        s3: [
          { bucket: SEED.bucket1, actions: ['list', 'get'] },
          { bucket: SEED.bucket2, actions: ['list', 'get'] },
        ],
        listAllMyBuckets: false,
      },
      {
        // The permission set as Identity Center provisions it: the reserved role trusts only its SAML provider.
        arn: SEED.ssoRoleArn,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${SEED.developerAccount}:saml-provider/AWSSSO_9067c0ffee_DO_NOT_DELETE` },
              Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
              Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
            },
          ],
        },
        listAllMyBuckets: false,
      },
      {
        arn: SEED.roleNoMfa,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DeveloperWithExternalId',
              Effect: 'Allow',
              Principal: { AWS: SEED.developerArn },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': SEED.externalIdNoMfa } },
            },
          ],
        },
        s3: [{ bucket: SEED.bucket1, actions: ['list', 'get'] }],
        listAllMyBuckets: true,
      },
    ],
    buckets: [{ name: SEED.bucket1 }, { name: SEED.bucket2, requireSse: 'AES256' }],
    identityCenter: {
      region: SEED.ssoRegion,
      startUrl: SEED.ssoStartUrl,
      accounts: [{ accountId: SEED.developerAccount, accountName: SEED.ssoAccountName, emailAddress: 'aws-developer-base@example.com' }],
      users: [{ userName: SEED.ssoUserName, assignments: [{ accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }] }],
    },
  };
}
