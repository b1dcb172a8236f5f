// Credentials written into settings: keys named like credentials, values shaped like access key ids, secret keys
// or session tokens, and literal ExternalIds outside a step's own "externalId". Searched anywhere in a chain and
// reported by place, never repeating the value: settings are synced, shared and committed, SecretStorage is not.

/** Keys that hold credentials, compared lower-case without `_`/`-` (accessKeyId, aws_secret_access_key…). */
const CREDENTIAL_KEYS = new Set([
  'accesskeyid',
  'awsaccesskeyid',
  'accesskey',
  'secretaccesskey',
  'awssecretaccesskey',
  'secretkey',
  'secret',
  'sessiontoken',
  'awssessiontoken',
  'securitytoken',
  'awssecuritytoken',
  'token',
  'password',
]);
const ACCESS_KEY_ID = /(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/;
const LONG_BASE64 = /[A-Za-z0-9/+=]{100,}/;
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*[0-9/+])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/;

const CREDENTIALS_ADVICE =
  'never put AWS keys or tokens in settings: base credentials come from sourceProfile (~/.aws), SSO or the default provider chain, and temporary credentials are kept in SecretStorage.';
export const EXTERNAL_ID_ADVICE =
  'never put an ExternalId in settings; set "prompt" and it will be asked at run time, or remembered in SecretStorage if you choose to.';

export interface SecretFinding {
  /** Where in the settings, e.g. roleChains.chains[0].steps[1].secretAccessKey. */
  path: string;
  step?: number; // 1-based
  field?: string;
  message: string;
}

/** A field name compared without case, `_`, `-` or spaces. */
export function looseKey(k: string): string {
  return k.toLowerCase().replace(/[-_\s]/g, '');
}

/** Keys the scan reports itself (credentials, ExternalIds), so they are not reported again as unknown fields. */
export function isScannedKey(key: string): boolean {
  const n = looseKey(key);
  return CREDENTIAL_KEYS.has(n) || n === 'externalid';
}

/** The credential-shaped keys and values in `value`, found at `path`; `stepOf` names the step a path is in. */
export function findSecrets(value: unknown, path: string, stepOf: (path: string) => number | undefined): SecretFinding[] {
  const found: SecretFinding[] = [];
  scan(value, path, stepOf, found);
  return found;
}

function scan(value: unknown, path: string, stepOf: (path: string) => number | undefined, found: SecretFinding[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, `${path}[${i}]`, stepOf, found));
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const childPath = `${path}.${key}`;
      const n = looseKey(key);
      const step = stepOf(childPath);
      if (CREDENTIAL_KEYS.has(n)) {
        found.push({ path: childPath, step, field: key, message: `remove "${key}": ${CREDENTIALS_ADVICE}` });
        continue;
      }
      // A step's own externalId is checked with the step; elsewhere any literal value is a leaked secret.
      const isStepField = /\.steps\[\d+\]\.externalId$/.test(childPath);
      if (n === 'externalid' && !isStepField && !(typeof v === 'string' && ['prompt', 'none'].includes(v.toLowerCase()))) {
        found.push({ path: childPath, step, field: key, message: EXTERNAL_ID_ADVICE });
        continue;
      }
      scan(v, childPath, stepOf, found);
    }
    return;
  }
  if (typeof value === 'string') {
    const what = ACCESS_KEY_ID.test(value)
      ? 'an AWS access key id'
      : LONG_BASE64.test(value)
        ? 'a session token'
        : SECRET_KEY_SHAPE.test(value)
          ? 'a secret access key'
          : undefined;
    if (what) found.push({ path, step: stepOf(path), message: `this value looks like ${what}: remove it; ${CREDENTIALS_ADVICE}` });
  }
}
