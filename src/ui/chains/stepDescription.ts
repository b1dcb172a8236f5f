// A step row's description, without vscode so plain Node tests cover it.
import type { StepConfig } from '../../core/chain';
import type { StepSession } from '../../core/session';

/**
 * Short enough for the default sidebar width: signed out, the account and what the step will ask for; signed in, the
 * account and the session name (the rest of the assumed ARN is the role, already the label). The full ARN is in the
 * tooltip and in Copy Assumed Role ARN.
 */
export function stepDescription(
  account: string,
  step: Pick<StepConfig, 'externalId' | 'mfaSerial'>,
  stepSession: Pick<StepSession, 'sessionName'> | undefined,
  /** "as alice": the window's language comes from the caller (vscode.l10n.t). */
  asSession: (sessionName: string) => string = (name) => `as ${name}`,
): string {
  if (stepSession) return `${account} · ${asSession(stepSession.sessionName)}`;
  const badges = [account];
  if (step.externalId === 'prompt') badges.push('ExternalId');
  if (step.mfaSerial) badges.push('MFA');
  return badges.join(' · ');
}
