// Step 1 is role chaining when the base credentials are themselves a role session (an IAM Identity Center role, an
// instance or container role, a role_arn or credential_source profile): AWS then refuses more than one hour. Both
// checks here run before any AssumeRole, so a chain that AWS would refuse sends nothing.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { isRoleSessionProfile, classifyProfile, mergeProfiles, type AwsConfigFiles } from '../awsProfiles';
import { DEFAULT_DURATION_SECONDS, stepRegion, type ChainConfig } from '../chain';
import { chainingCapError } from '../errorMessages';
import { CHAINED_MAX_DURATION_SECONDS } from '../validation';
import { createStsClient } from './clients';

function firstStepAsksMoreThanAnHour(chain: ChainConfig): boolean {
  const first = chain.steps[0];
  return first !== undefined && (first.durationSeconds ?? DEFAULT_DURATION_SECONDS) > CHAINED_MAX_DURATION_SECONDS;
}

/** True when the chain's sourceProfile, as the shared files define it, always yields a role session. */
export function sourceProfileIsRoleSession(chain: ChainConfig, files: AwsConfigFiles | undefined): boolean {
  if (!chain.sourceProfile || !files) return false;
  const section = mergeProfiles(files).get(chain.sourceProfile);
  return section !== undefined && isRoleSessionProfile(classifyProfile(section));
}

/**
 * Base credentials with a session token may be a role session whatever their profile says (credential_process,
 * environment variables, the default chain). Only when step 1 asks for more than an hour is GetCallerIdentity spent
 * on finding out, so the common case sends nothing extra. If that question fails, AssumeRole's own answer will say
 * what is wrong.
 */
export async function checkBaseSessionCap(
  chain: ChainConfig,
  credentials: AwsCredentialIdentity,
  o: { endpoint: string | undefined; maxAttempts: number; signal: AbortSignal | undefined },
): Promise<void> {
  const first = chain.steps[0];
  if (!first || !credentials.sessionToken || !firstStepAsksMoreThanAnHour(chain)) return;
  const client = createStsClient({ credentials, region: stepRegion(chain, first), endpoint: o.endpoint, maxAttempts: o.maxAttempts });
  let arn: string | undefined;
  try {
    arn = (await client.send(new GetCallerIdentityCommand({}), { abortSignal: o.signal })).Arn;
  } catch {
    return;
  } finally {
    client.destroy();
  }
  if (arn !== undefined && /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(arn)) {
    const requestedDurationSeconds = first.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    throw chainingCapError({ chainName: chain.name, stepIndex: 0, stepCount: chain.steps.length, roleArn: first.roleArn, requestedDurationSeconds, baseIsRoleSession: true });
  }
}
