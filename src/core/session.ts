// A signed-in chain: every step's temporary credentials and identity. Serialised only into SecretStorage;
// anything read back is checked field by field and for internal consistency, so a malformed or edited entry
// is dropped rather than used.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number; // ms epoch
}

export interface StepSession {
  index: number; // 0-based
  roleArn: string;
  assumedRoleArn: string;
  assumedRoleId: string;
  account: string;
  sessionName: string;
  requestedDurationSeconds: number;
  expiresAt: number;
  region: string;
  credentials: Credentials;
}

export interface Session {
  chainName: string;
  createdAt: number;
  expiresAt: number; // earliest step expiry
  steps: StepSession[];
}

const FORMAT_VERSION = 1;

export function serializeSession(s: Session): string {
  return JSON.stringify({ v: FORMAT_VERSION, ...s });
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStr(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}
function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function readCredentials(v: unknown): Credentials | undefined {
  if (!isObj(v)) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = v;
  if (!isStr(accessKeyId) || !isStr(secretAccessKey) || !isStr(sessionToken) || !isTime(expiration)) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

function readStep(v: unknown, index: number): StepSession | undefined {
  if (!isObj(v) || v.index !== index) return undefined;
  const { roleArn, assumedRoleArn, assumedRoleId, account, sessionName, requestedDurationSeconds, expiresAt, region } = v;
  const credentials = readCredentials(v.credentials);
  if (
    !credentials ||
    !isStr(roleArn) ||
    !isStr(assumedRoleArn) ||
    !isStr(assumedRoleId) ||
    typeof account !== 'string' ||
    !/^\d{12}$/.test(account) ||
    !isStr(sessionName) ||
    !isTime(requestedDurationSeconds) ||
    !isTime(expiresAt) ||
    !isStr(region) ||
    credentials.expiration !== expiresAt
  ) {
    return undefined;
  }
  return { index, roleArn, assumedRoleArn, assumedRoleId, account, sessionName, requestedDurationSeconds, expiresAt, region, credentials };
}

export function deserializeSession(text: string): Session | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(raw) || raw.v !== FORMAT_VERSION) return undefined;
  const { chainName, createdAt, expiresAt } = raw;
  if (!isStr(chainName) || !isTime(createdAt) || !isTime(expiresAt) || !Array.isArray(raw.steps) || raw.steps.length === 0) return undefined;
  const steps: StepSession[] = [];
  for (const [i, s] of raw.steps.entries()) {
    const step = readStep(s, i);
    if (!step) return undefined;
    steps.push(step);
  }
  // The chain's expiry must be its earliest step's: a later value would let an expired step be used.
  if (expiresAt !== earliestExpiry(steps) || createdAt > expiresAt) return undefined;
  return { chainName, createdAt, expiresAt, steps };
}

export function earliestExpiry(steps: readonly Pick<StepSession, 'expiresAt'>[]): number {
  return Math.min(...steps.map((s) => s.expiresAt));
}

/** Expired, or about to be within `skewMs`: a request signed now could arrive after expiry. */
export function isExpired(s: Session, now: number, skewMs = 60_000): boolean {
  return now + skewMs >= s.expiresAt;
}

export function msLeft(s: Session, now: number): number {
  return Math.max(0, s.expiresAt - now);
}

/** "42 min", "1 h 05 min", "< 1 min", "expired" (rounded down: never promise time that is not there). */
export function formatTimeLeft(ms: number): string {
  if (!(ms > 0)) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * Time left as every display shows it (tree, status bar, picks): computed from the end of the current wall-clock
 * minute, so displays refreshed at different moments within one minute agree (the extension's ticker fires at
 * minute boundaries), and never more than is really left.
 */
export function displayTimeLeft(expiresAt: number, now: number): string {
  if (!(expiresAt > now)) return 'expired';
  const fromMinuteEnd = expiresAt - (Math.floor(now / 60_000) + 1) * 60_000;
  return fromMinuteEnd > 0 ? formatTimeLeft(fromMinuteEnd) : '< 1 min';
}

/** Milliseconds until the next wall-clock minute starts (a full minute exactly at a boundary). */
export function msToNextMinute(now: number): number {
  return 60_000 - (((now % 60_000) + 60_000) % 60_000);
}

/** Every secret value in the session, for redaction. */
export function secretsOf(s: Session): string[] {
  return s.steps.flatMap((step) => [step.credentials.secretAccessKey, step.credentials.sessionToken]);
}

/** A view of the session that is safe to log: identities and expiry, no key material. */
export function describeSession(s: Session): { chainName: string; expiresAt: string; steps: Array<{ step: number; assumedRoleArn: string; accessKeyId: string; expiresAt: string }> } {
  return {
    chainName: s.chainName,
    expiresAt: new Date(s.expiresAt).toISOString(),
    steps: s.steps.map((st) => ({
      step: st.index + 1,
      assumedRoleArn: st.assumedRoleArn,
      accessKeyId: st.credentials.accessKeyId,
      expiresAt: new Date(st.expiresAt).toISOString(),
    })),
  };
}
