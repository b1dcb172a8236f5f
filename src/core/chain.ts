// The settings model (roleChains.chains): chains, their steps and S3 options, the defaults that fill what a chain
// leaves out, and the shape of a problem found in the settings. chainParser.ts reads the setting into this model.
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

export interface ChainConfig {
  name: string;
  sourceProfile?: string;
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
