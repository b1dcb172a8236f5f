// The seed scenario's role chains as a person would write them in settings (roleChains.chains). Shared by the
// integration and e2e workspaces and checked against the demo workspace, so all three show the same chains.
import { SEED } from '../localAws/scenario';

export const TWO_STEP = 'prod-deploy';
export const THREE_STEP = 'three-step';
export const ONE_STEP = 'one-step';

/** developer (MFA) → RoleA (ExternalId A) → RoleB (ExternalId B): the pattern the product exists for. */
export function twoStepChain(): Record<string, unknown> {
  return {
    name: TWO_STEP,
    region: SEED.region,
    steps: [
      { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
      { roleArn: SEED.roleB, externalId: 'prompt', durationSeconds: 3600 },
    ],
  };
}

/** The demo workspace's chain: the two-step chain pinning the bucket its final role writes (RoleB may not list buckets). */
export function demoChain(): Record<string, unknown> {
  return { ...twoStepChain(), s3: { buckets: [SEED.bucket2] } };
}

/** …→ RoleC (no ExternalId): three hops, every step after the first within the 1-hour chaining cap. */
export function threeStepChain(): Record<string, unknown> {
  return {
    name: THREE_STEP,
    region: SEED.region,
    steps: [
      { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
      { roleArn: SEED.roleB, externalId: 'prompt' },
      { roleArn: SEED.roleC, externalId: 'none' },
    ],
  };
}

export const SSO_CHAIN = 'sso-deploy';

/**
 * The seed chain started from IAM Identity Center instead of the developer's keys: the extension signs in with the
 * device flow (no `aws sso login`), and the portal's one account and permission set need no naming.
 */
export function ssoChain(): Record<string, unknown> {
  return {
    name: SSO_CHAIN,
    region: SEED.region,
    sso: { startUrl: SEED.ssoStartUrl, region: SEED.ssoRegion },
    steps: [
      { roleArn: SEED.roleA, externalId: 'prompt' },
      { roleArn: SEED.roleB, externalId: 'prompt' },
    ],
  };
}

/** developer → RoleNoMfa (ExternalId only). */
export function oneStepChain(): Record<string, unknown> {
  return { name: ONE_STEP, region: SEED.region, steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }] };
}

/** Environment for the editor's extension host: the seed developer's long-term key as the base credentials. */
export function baseCredentialsEnv(): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: SEED.developerAccessKeyId,
    AWS_SECRET_ACCESS_KEY: SEED.developerSecretAccessKey,
    AWS_REGION: SEED.region,
    // No instance-metadata lookups: they would leave 127.0.0.1.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Machine-scoped user settings pointing the extension at the local endpoint (its /federation too, for console
 * sign-in, and its Identity Center).
 */
export function endpointSettings(endpoint: string): Record<string, unknown> {
  return {
    'roleChains.endpoints.sts': endpoint,
    'roleChains.endpoints.s3': endpoint,
    'roleChains.endpoints.sso': endpoint,
    'roleChains.endpoints.forcePathStyle': true,
    'roleChains.federationEndpoint': endpoint,
  };
}
