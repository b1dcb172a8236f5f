// When a signed-in chain should warn, and whether it can be run again without anyone typing. Pure: the UI
// schedules its timers from these numbers and asks again whenever the session or the settings change.
import { DEFAULT_DURATION_SECONDS, type ChainConfig, type StepConfig } from './chain';
import type { Session } from './session';
import { CHAINED_MAX_DURATION_SECONDS } from './validation';

export const DEFAULT_WARN_BEFORE_MS = 5 * 60_000;
/** Refresh this long before expiry, so a failed silent refresh still leaves time for the warning and a retry. */
export const DEFAULT_REFRESH_BEFORE_MS = 10 * 60_000;

/** Why a chain cannot be refreshed silently (each one means someone would have to type or decide). */
export type RefreshBlocker =
  | { kind: 'externalId'; stepIndex: number }
  | { kind: 'mfa'; stepIndex: number }
  | { kind: 'chainChanged' }
  | { kind: 'expired' };

export interface RefreshOptions {
  warnBeforeMs?: number;
  refreshBeforeMs?: number;
  /** True when the ExternalId of this step is remembered in SecretStorage (so the run needs no prompt). */
  isExternalIdRemembered?: (stepIndex: number) => boolean;
}

export interface RefreshPlan {
  expiresAt: number;
  /** When the status bar starts warning (never before the session was created). */
  warnAt: number;
  /** True when nothing is left to type: every ExternalId is "none" or remembered, and no step needs MFA. */
  canRefreshSilently: boolean;
  /** When a silent refresh should run; undefined when it cannot. At least half-way through the session, so short sessions do not loop. */
  refreshAt?: number;
  blockers: RefreshBlocker[];
}

function sameSteps(session: Session, chain: ChainConfig): boolean {
  return session.steps.length === chain.steps.length && chain.steps.every((step, i) => session.steps[i]?.roleArn === step.roleArn);
}

export function planRefresh(session: Session, chain: ChainConfig, now: number, opts: RefreshOptions = {}): RefreshPlan {
  const warnBeforeMs = opts.warnBeforeMs ?? DEFAULT_WARN_BEFORE_MS;
  const refreshBeforeMs = opts.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const remembered = opts.isExternalIdRemembered ?? (() => false);
  const { expiresAt, createdAt } = session;

  const blockers: RefreshBlocker[] = [];
  if (now >= expiresAt) blockers.push({ kind: 'expired' });
  // A chain edited since it ran is not the chain the person signed in to: re-running it is their decision.
  if (session.chainName !== chain.name || !sameSteps(session, chain)) blockers.push({ kind: 'chainChanged' });
  chain.steps.forEach((step, stepIndex) => {
    if (step.externalId === 'prompt' && !remembered(stepIndex)) blockers.push({ kind: 'externalId', stepIndex });
    if (step.mfaSerial !== undefined) blockers.push({ kind: 'mfa', stepIndex });
  });

  const warnAt = Math.max(createdAt, expiresAt - warnBeforeMs);
  const plan: RefreshPlan = { expiresAt, warnAt, canRefreshSilently: blockers.length === 0, blockers };
  if (plan.canRefreshSilently) {
    const halfway = createdAt + Math.floor((expiresAt - createdAt) / 2);
    plan.refreshAt = Math.max(halfway, expiresAt - refreshBeforeMs);
  }
  return plan;
}

export interface EffectiveDuration {
  requestedSeconds: number;
  /** What AWS grants at most for this step. */
  effectiveSeconds: number;
  /** True when the step asked for more than it can get. */
  capped: boolean;
  chained: boolean;
  /** A sentence for the step's tooltip: requested vs effective, and why. */
  explanation: string;
}

function formatSeconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** Requested vs effective session length of a step (0-based index): every step after the first is a role-chained session. */
export function effectiveDuration(step: Pick<StepConfig, 'durationSeconds'>, index: number): EffectiveDuration {
  const requestedSeconds = step.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  const chained = index > 0;
  const effectiveSeconds = chained ? Math.min(requestedSeconds, CHAINED_MAX_DURATION_SECONDS) : requestedSeconds;
  const capped = effectiveSeconds < requestedSeconds;
  const requested = `${step.durationSeconds === undefined ? 'Default' : 'Requested'} ${formatSeconds(requestedSeconds)}`;
  let explanation: string;
  if (capped) {
    explanation = `${requested}, effective ${formatSeconds(effectiveSeconds)}: this role is assumed with the previous role's session (role chaining), which AWS limits to 1 h.`;
  } else if (chained) {
    explanation = `${requested}; role-chained sessions last at most 1 h whatever the role's maximum session duration.`;
  } else {
    explanation = `${requested} (up to the role's maximum session duration); the chain expires with its shortest step.`;
  }
  return { requestedSeconds, effectiveSeconds, capped, chained, explanation };
}
