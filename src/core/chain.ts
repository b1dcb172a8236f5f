// The settings model (roleChains.chains): chains, their steps and S3 options, the defaults that fill what a chain
// leaves out, and the shape of a problem found in the settings. chainParser.ts reads the setting into this model;
// toSettingsValue writes a chain back (pure, so the order and the sso object are tested in plain Node).
export type ExternalIdMode = 'prompt' | 'none';

export interface StepConfig {
  roleArn: string;
  externalId: ExternalIdMode;
  sessionName?: string;
  durationSeconds?: number;
  mfaSerial?: string;
  region?: string;
}

export interface S3Options {
  sse?: 'AES256' | 'aws:kms' | 'none';
  kmsKeyId?: string;
  buckets?: string[];
}

/**
 * An IAM Identity Center base: the portal named by a start URL and its region, or by an `[sso-session NAME]` section
 * of the shared config file, and the account and permission set whose role credentials start the chain. An account
 * or role left out is asked for (listed from the portal) when the chain runs. A chain has `sso` or `sourceProfile`,
 * never both.
 */
export interface SsoBase {
  /** An `[sso-session NAME]` of ~/.aws/config (its sso_start_url and sso_region); excludes startUrl and region. */
  session?: string;
  /** The AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start. */
  startUrl?: string;
  /** The Identity Center region (where the portal lives, not where the chain's roles are used). */
  region?: string;
  /** 12 digits. */
  accountId?: string;
  /** The permission set's name as the portal lists it. */
  roleName?: string;
}

export interface ChainConfig {
  name: string;
  sourceProfile?: string;
  /** Identity Center sign-in as the base credentials, run by the extension itself (device authorization). */
  sso?: SsoBase;
  region?: string;
  steps: StepConfig[];
  s3?: S3Options;
}

export interface ChainProblem {
  path: string; // e.g. roleChains.chains[1].steps[0].roleArn
  chain?: string;
  step?: number; // 1-based
  field?: string;
  message: string; // names the chain, step and field, and says how to fix it
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_DURATION_SECONDS = 3600;
export const CHAINS_SETTING = 'roleChains.chains';

export function stepRegion(chain: Pick<ChainConfig, 'region'>, step: Pick<StepConfig, 'region'>): string {
  return step.region ?? chain.region ?? DEFAULT_REGION;
}

/** A chain as it is written in settings: the usual key order, no empty or undefined fields. */
export function toSettingsValue(chain: ChainConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name: chain.name };
  if (chain.sourceProfile !== undefined) out.sourceProfile = chain.sourceProfile;
  if (chain.sso !== undefined) {
    const sso: Record<string, unknown> = {};
    for (const key of ['session', 'startUrl', 'region', 'accountId', 'roleName'] as const) if (chain.sso[key] !== undefined) sso[key] = chain.sso[key];
    out.sso = sso;
  }
  if (chain.region !== undefined) out.region = chain.region;
  out.steps = chain.steps.map((s) => {
    const step: Record<string, unknown> = { roleArn: s.roleArn, externalId: s.externalId };
    if (s.mfaSerial !== undefined) step.mfaSerial = s.mfaSerial;
    if (s.durationSeconds !== undefined) step.durationSeconds = s.durationSeconds;
    if (s.sessionName !== undefined) step.sessionName = s.sessionName;
    if (s.region !== undefined) step.region = s.region;
    return step;
  });
  const s3: Record<string, unknown> = {};
  if (chain.s3?.sse !== undefined) s3.sse = chain.s3.sse;
  if (chain.s3?.kmsKeyId !== undefined) s3.kmsKeyId = chain.s3.kmsKeyId;
  if (chain.s3?.buckets !== undefined && chain.s3.buckets.length > 0) s3.buckets = [...chain.s3.buckets];
  if (Object.keys(s3).length > 0) out.s3 = s3;
  return out;
}
