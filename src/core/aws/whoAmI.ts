// GetCallerIdentity with each step's session: proves which identity every step of a signed-in chain holds.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { systemClock, type Clock } from '../clock';
import type { Endpoints } from '../endpoints';
import { roleLabel } from '../errorMessages';
import { RoleChainError, classifyAwsError, isRoleChainError } from '../errors';
import { redact } from '../redact';
import { secretsOf, type Session, type StepSession } from '../session';
import { DEFAULT_MAX_ATTEMPTS, createStsClient, toSdkCredentials } from './clients';
import { stsEndpointLabel } from './runChain';

export interface Identity {
  stepIndex: number;
  arn: string;
  account: string;
  userId: string;
}

export interface WhoAmIOptions {
  clock?: Clock;
  signal?: AbortSignal;
  maxAttempts?: number;
}

function whoAmIError(e: unknown, session: Session, step: StepSession, endpoint: string): RoleChainError {
  if (isRoleChainError(e)) return e;
  const info = classifyAwsError(e);
  const label = `Step ${step.index + 1}/${session.steps.length} (${roleLabel(step.roleArn)}) of chain "${session.chainName}"`;
  const details = { chainName: session.chainName, stepIndex: step.index, stepCount: session.steps.length, roleArn: step.roleArn, awsCode: info.code, cause: e };
  const message =
    info.kind === 'network'
      ? `Could not reach the STS endpoint ${endpoint}: ${info.networkReason ?? info.code}. Check your network and the roleChains.endpoints.sts setting.`
      : info.kind === 'expired-credentials' || info.kind === 'invalid-credentials'
        ? `${label}: AWS no longer accepts this session (${info.code}). Run the chain again.`
        : info.kind === 'throttled'
          ? `${label}: STS throttled GetCallerIdentity (${info.code}). Wait a minute and try again.`
          : `${label}: GetCallerIdentity failed: ${info.code}: ${info.awsMessage}`;
  return new RoleChainError(info.kind, redact(message, secretsOf(session)), { ...details, endpoint: info.kind === 'network' ? endpoint : undefined });
}

export async function whoAmI(session: Session, endpoints?: Endpoints, opts: WhoAmIOptions = {}): Promise<Identity[]> {
  const now = (opts.clock ?? systemClock).now();
  if (session.expiresAt <= now) {
    throw new RoleChainError('expired-credentials', `The session of chain "${session.chainName}" has expired: run the chain again.`, { chainName: session.chainName });
  }
  const endpoint = endpoints?.sts || undefined;
  return Promise.all(
    session.steps.map(async (step) => {
      const client = createStsClient({ credentials: toSdkCredentials(step.credentials), region: step.region, endpoint, maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS });
      try {
        const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: opts.signal });
        return { stepIndex: step.index, arn: out.Arn ?? '', account: out.Account ?? '', userId: out.UserId ?? '' };
      } catch (e) {
        throw whoAmIError(e, session, step, stsEndpointLabel(step.region, endpoint));
      } finally {
        client.destroy();
      }
    }),
  );
}
