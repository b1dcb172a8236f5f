// Every AWS rule the core enforces before a request is sent. Each validator returns the message to show, or
// undefined when the value is valid, so the same function serves showInputBox's validateInput, the settings
// check and the tests. Messages never repeat a value that may be secret (ExternalIds, MFA codes).

/** aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc. */
const PARTITION = /^aws(-cn|-us-gov|-iso(-[a-z])?|-eusc)?$/;
const ACCOUNT = /^\d{12}$/;
const NAME_CHARS = /^[\w+=,.@-]+$/;
/** IAM path segments may hold any printable ASCII except '/'. */
const PATH_SEGMENT = /^[\x21-\x2e\x30-\x7e]+$/;

export const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;
export const EXTERNAL_ID_RE = /^[\w+=,.@:/-]{2,1224}$/;
export const MFA_CODE_RE = /^\d{6}$/;
const HARDWARE_SERIAL_RE = /^[\w+=/:,.@-]{9,256}$/;

export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
export const CHAINED_MAX_DURATION_SECONDS = 3600;
export const MAX_OBJECT_KEY_BYTES = 1024;

const EXAMPLE_ROLE = 'arn:aws:iam::123456789012:role/Deployer';

function surroundingSpace(v: string): boolean {
  return v !== v.trim();
}

export interface ParsedIamArn {
  partition: string;
  account: string;
  /** '/' or '/a/b/' */
  path: string;
  name: string;
}

/** Shared shape of role and MFA device ARNs: arn:<partition>:iam::<account>:<type>/<path/>name. */
function checkIamArn(arn: string, type: 'role' | 'mfa', example: string): string | ParsedIamArn {
  const what = type === 'role' ? 'role ARN' : 'MFA device ARN';
  if (arn.trim() === '') return `Enter a ${what}, e.g. ${example}.`;
  if (surroundingSpace(arn)) return `The ${what} has spaces around it: remove them.`;
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return `A ${what} looks like ${example}.`;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITION.test(partition)) return `Unknown partition "${partition}": use aws, aws-cn, aws-us-gov or aws-iso…, e.g. ${example}.`;
  if (type === 'role' && service === 'sts') {
    return `This is a session ARN, not a role ARN: use the IAM role, e.g. ${example}.`;
  }
  if (service !== 'iam') return `A ${what} is an IAM ARN (arn:${partition}:iam::…), not "${service}".`;
  if (region !== '') return `IAM ARNs have no region: write arn:${partition}:iam::<account>:${type}/<name>.`;
  if (!ACCOUNT.test(account)) return `The account id in the ${what} must be 12 digits, e.g. ${example}.`;
  if (!resource.startsWith(`${type}/`)) return `The ${what} must end in :${type}/<name>, e.g. ${example}.`;
  const segments = resource.slice(type.length + 1).split('/');
  const name = segments.pop() ?? '';
  if (name === '') return `The ${what} has no ${type === 'role' ? 'role' : 'device'} name after "${type}/".`;
  if (name.length > 64 || !NAME_CHARS.test(name)) {
    return `The ${type === 'role' ? 'role' : 'device'} name must be 1–64 letters, digits or + = , . @ _ -.`;
  }
  if (segments.some((s) => !PATH_SEGMENT.test(s))) return `The path in the ${what} has an empty segment or a character IAM does not allow.`;
  const path = segments.length ? `/${segments.join('/')}/` : '/';
  if (path.length > 512) return `The path in the ${what} is longer than IAM's 512 characters.`;
  return { partition, account, path, name };
}

export function parseRoleArn(arn: string): ParsedIamArn | undefined {
  const r = checkIamArn(arn, 'role', EXAMPLE_ROLE);
  return typeof r === 'string' ? undefined : r;
}

export function validateRoleArn(arn: string): string | undefined {
  const r = checkIamArn(arn, 'role', EXAMPLE_ROLE);
  return typeof r === 'string' ? r : undefined;
}

export function validateSessionName(name: string): string | undefined {
  if (name.length < 2 || name.length > 64) return `A session name has 2–64 characters (this one has ${name.length}).`;
  const bad = [...name].find((c) => !/[\w+=,.@-]/.test(c));
  if (bad !== undefined) return `A session name may only hold letters, digits and + = , . @ _ - (found ${JSON.stringify(bad)}).`;
  return undefined;
}

export function validateExternalId(value: string): string | undefined {
  if (value.length === 0) return 'Enter the ExternalId the role owner gave you.';
  if (value.length < 2 || value.length > 1224) return `An ExternalId has 2–1224 characters (this one has ${value.length}).`;
  // The character itself is not shown: it is part of a secret.
  if (!EXTERNAL_ID_RE.test(value)) return 'An ExternalId may only hold letters, digits and + = , . @ : / _ - (no spaces).';
  return undefined;
}

/**
 * `chained`: the step is assumed with the previous step's session. `baseIsRoleSession`: step 1's base credentials are
 * themselves a role session (SSO, instance or container role, a role profile), so step 1 is role chaining too.
 */
export function validateDurationSeconds(value: number, chained: boolean, baseIsRoleSession = false): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'durationSeconds must be a whole number of seconds.';
  if (value < MIN_DURATION_SECONDS || value > MAX_DURATION_SECONDS) {
    return `durationSeconds must be between ${MIN_DURATION_SECONDS} and ${MAX_DURATION_SECONDS} (15 min to 12 h); got ${value}.`;
  }
  if (chained && value > CHAINED_MAX_DURATION_SECONDS) {
    return `Chained role sessions last at most ${CHAINED_MAX_DURATION_SECONDS} s (role chaining cap): set durationSeconds ≤ ${CHAINED_MAX_DURATION_SECONDS} for every step after the first; got ${value}.`;
  }
  if (baseIsRoleSession && value > CHAINED_MAX_DURATION_SECONDS) {
    return `The base credentials are a role session (SSO, instance or assumed role), so step 1 is role chaining too and lasts at most ${CHAINED_MAX_DURATION_SECONDS} s: set durationSeconds ≤ ${CHAINED_MAX_DURATION_SECONDS}; got ${value}.`;
  }
  return undefined;
}

export function validateMfaSerial(serial: string): string | undefined {
  const example = 'arn:aws:iam::123456789012:mfa/alice';
  if (serial.startsWith('arn:')) {
    const r = checkIamArn(serial, 'mfa', example);
    return typeof r === 'string' ? r : undefined;
  }
  if (serial.trim() === '') return `Enter the MFA device's ARN (e.g. ${example}) or a hardware token's serial number.`;
  if (!HARDWARE_SERIAL_RE.test(serial)) {
    return `An MFA serial is a device ARN (e.g. ${example}) or a hardware serial of 9–256 letters, digits and + = / : , . @ _ -.`;
  }
  return undefined;
}

export function validateMfaCode(code: string): string | undefined {
  return MFA_CODE_RE.test(code) ? undefined : 'Enter the 6-digit code your MFA device shows now.';
}

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function validateBucketName(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `A bucket name has 3–63 characters (this one has ${name.length}).`;
  if (/[A-Z]/.test(name)) return 'Bucket names are lowercase: use a-z, digits, dots and hyphens.';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'A bucket name may only hold lowercase letters, digits, dots and hyphens.';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'A bucket name starts and ends with a letter or digit.';
  if (name.includes('..')) return 'A bucket name may not hold two adjacent dots.';
  if (IPV4_LIKE.test(name)) return 'A bucket name may not look like an IP address.';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `Bucket names may not start with "${prefix}" (reserved by S3).`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `Bucket names may not end with "${suffix}" (reserved by S3).`;
  return undefined;
}

export function validateObjectKey(key: string): string | undefined {
  if (key.length === 0) return 'Enter an object key.';
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_OBJECT_KEY_BYTES) return `An object key is at most ${MAX_OBJECT_KEY_BYTES} bytes of UTF-8 (this one has ${bytes}): shorten it.`;
  return undefined;
}

/** Endpoint overrides (roleChains.endpoints.*): http(s) URLs only, and no user info that could hold a password. */
export function validateEndpointUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, e.g. https://sts.eu-west-1.amazonaws.com or http://127.0.0.1:4566.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Endpoint URLs use http or https, not ${url.protocol.replace(/:$/, '')}.`;
  if (url.username || url.password) return 'Remove the user name and password from the endpoint URL: credentials never go in settings.';
  if (url.search || url.hash) return 'Remove the query string and fragment from the endpoint URL.';
  return undefined;
}

/** True for a host that never leaves this machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

/**
 * For endpoints that send or receive credentials (STS answers with secret keys; the federation request carries one):
 * a valid URL, and https unless the host is this machine.
 */
export function validateCredentialEndpointUrl(value: string): string | undefined {
  const m = validateEndpointUrl(value);
  if (m) return m;
  const url = new URL(value);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `Use https: plain http would carry credentials in clear to ${url.host} (http is accepted only for this machine: localhost, 127.0.0.1, [::1]).`;
  }
  return undefined;
}

export function validateChainName(name: string): string | undefined {
  if (name.trim() === '') return 'Give the chain a name, e.g. "prod-deploy".';
  if (surroundingSpace(name)) return 'The chain name has spaces around it: remove them.';
  if (name.length > 100) return `A chain name has at most 100 characters (this one has ${name.length}).`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A chain name may not hold control characters.';
  return undefined;
}

/** Region shape (us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1); not a list, so new regions work. */
export function validateRegion(region: string): string | undefined {
  return /^[a-z]{2,3}(-[a-z]+)+-\d{1,2}$/.test(region) ? undefined : `"${region}" is not a region: use a code such as us-east-1 or eu-west-3.`;
}

export function validateProfileName(profile: string): string | undefined {
  if (profile.trim() === '') return 'Name a profile from ~/.aws/config or ~/.aws/credentials, or remove sourceProfile to use the default credentials.';
  if (surroundingSpace(profile) || /[\s[\]]/.test(profile)) return 'A profile name has no spaces or brackets.';
  return undefined;
}

/** A 12-digit AWS account id (an Identity Center base's accountId). */
export function validateAccountId(id: string): string | undefined {
  if (id.trim() === '') return 'Enter the 12-digit account id, e.g. 123456789012.';
  if (ACCOUNT.test(id)) return undefined;
  return id.length === 12 ? 'An account id holds digits only, e.g. 123456789012.' : `An account id is 12 digits, e.g. 123456789012 (this one has ${id.length} characters).`;
}

export const MAX_SSO_START_URL_LENGTH = 512;

/**
 * An IAM Identity Center start URL: https only (the portal is reached through OIDC and the sign-in page over it), no
 * user info, query or fragment (the URL is an identifier sent as it is written, so `#/` pasted from the browser would
 * name another portal).
 */
export function validateSsoStartUrl(value: string): string | undefined {
  const example = 'https://d-1234567890.awsapps.com/start';
  if (value.trim() === '') return `Enter the AWS access portal URL, e.g. ${example}.`;
  if (surroundingSpace(value)) return 'The start URL has spaces around it: remove them.';
  if (value.length > MAX_SSO_START_URL_LENGTH) return `A start URL has at most ${MAX_SSO_START_URL_LENGTH} characters (this one has ${value.length}).`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Enter the full AWS access portal URL, e.g. ${example}.`;
  }
  if (url.protocol !== 'https:') return `The start URL must use https, e.g. ${example}.`;
  if (url.username || url.password) return 'Remove the user name and password from the start URL: credentials never go in settings.';
  if (url.search || value.includes('#')) return `Remove the query string and fragment (e.g. "#/") from the start URL: it ends at the portal path, e.g. ${example}.`;
  return undefined;
}

/** A permission set's role name as the portal lists it (the IAM role name rules). */
export function validateSsoRoleName(name: string): string | undefined {
  if (name.length < 1 || name.length > 64) return `A permission set (role) name has 1–64 characters (this one has ${name.length}).`;
  if (!NAME_CHARS.test(name)) return 'A permission set (role) name may only hold letters, digits and + = , . @ _ -.';
  return undefined;
}

/** The name of an `[sso-session NAME]` section: the shape of a profile name. */
export function validateSsoSessionName(name: string): string | undefined {
  if (name.trim() === '') return 'Name an [sso-session NAME] section of ~/.aws/config, or use startUrl and region instead of session.';
  if (surroundingSpace(name) || /[\s[\]]/.test(name)) return 'An sso-session name has no spaces or brackets.';
  return undefined;
}

/** KMS key for SSE: a key id, a multi-Region key id, an alias or a key/alias ARN. */
export function validateKmsKeyId(value: string): string | undefined {
  const ok =
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value) ||
    /^mrk-[0-9a-f]{32}$/.test(value) ||
    /^alias\/[\w/-]+$/.test(value) ||
    /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key\/[\w-]+|alias\/[\w/-]+)$/.test(value);
  return ok ? undefined : 'kmsKeyId is a key id, alias/<name> or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>).';
}
