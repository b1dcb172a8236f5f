// Masks secrets in any text before it reaches a log, a message or a snapshot. Two layers: values we know
// (the session's own keys, the ExternalId just typed) and shapes that are secret whoever produced them.

export const MASK = '***';

/** Values that are placeholders in settings, not secrets; masking them would only hide useful detail. */
const NOT_SECRET = new Set(['prompt', 'none']);

// A quoted or bare value after `key=` / `key: ` / `"key":"`. Bare values stop at separators common in
// query strings, headers, JSON and log lines.
const VALUE = String.raw`(\s*["']?\s*[:=]\s*["']?)([^\s"'&;<>{}\\]+)`;

/** Keys whose value is always secret, in the spellings of the SDK, the query API, JSON and ~/.aws files. */
const SECRET_KEYS = [
  String.raw`(?:aws[_-]?)?secret[_-]?access[_-]?key`,
  String.raw`secret[_-]?key`,
  String.raw`(?:aws[_-]?)?session[_-]?token`,
  String.raw`(?:aws[_-]?)?security[_-]?token`,
  String.raw`external[_-]?id`,
  String.raw`token[_-]?code`,
  String.raw`mfa[_-]?code`,
  String.raw`x-amz-signature`,
  String.raw`x-amz-security-token`,
  // Console sign-in: the federation token and the Session JSON are credentials.
  String.raw`signin[_-]?token`,
  String.raw`sessionKey`,
  String.raw`password`,
];
const KEYED = new RegExp(String.raw`(\b(?:${SECRET_KEYS.join('|')})["']?)${VALUE}`, 'gi');

/** XML elements STS and S3 use for secrets, e.g. `<SecretAccessKey>…</SecretAccessKey>`. */
const XML = /(<(SecretAccessKey|SessionToken|ExternalId|TokenCode)>)([^<]*)(<\/\2>)/gi;

/** SigV4 signatures: `Signature=<hex>` in Authorization headers and anywhere else. */
const SIGNATURE = /(\bSignature=)[0-9a-f]+/gi;

/** AWS validation messages echo the rejected value before naming the field: `Value 'x' at 'externalId'`. */
const ECHOED_VALUE = /(Value ')([^']*)(' at '(?:externalId|tokenCode|secretAccessKey|sessionToken)')/gi;

/** Session tokens: STS tokens start with this (base64 of a protobuf header); any very long base64 run too. */
const STS_TOKEN = /IQoJb3JpZ2luX2Vj[A-Za-z0-9/+=]*/g;
const LONG_BASE64 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}/g;

/** A 40-character secret access key next to the word "secret". */
const SECRET_NEAR_WORD = /(secret[^A-Za-z0-9/+=\n]{0,40})[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi;
/** A bare 40-character base64 run that mixes cases and digits (so hex digests such as git SHAs survive). */
const BARE_SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Short known secrets (a 6-digit MFA code, a brief ExternalId) are masked only as whole tokens, so that an MFA
 * code does not blank out the middle of an account id.
 */
const SHORT_SECRET = 12;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function maskKnown(text: string, knownSecrets: Iterable<string>): string {
  const values = [...new Set([...knownSecrets].filter((v) => typeof v === 'string' && v.length >= 2))];
  // Longest first, so a secret that contains another is masked whole.
  values.sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) {
    if (value.length >= SHORT_SECRET) {
      out = out.split(value).join(MASK);
    } else {
      out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'), MASK);
    }
  }
  return out;
}

function looksLikeSecretKey(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9/+]/.test(s);
}

export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = maskKnown(text, knownSecrets);
  out = out.replace(XML, (_m, open: string, _tag: string, _value: string, close: string) => `${open}${MASK}${close}`);
  out = out.replace(KEYED, (m, key: string, sep: string, value: string) =>
    NOT_SECRET.has(value.toLowerCase()) || value === MASK ? m : `${key}${sep}${MASK}`,
  );
  out = out.replace(ECHOED_VALUE, `$1${MASK}$3`);
  out = out.replace(SIGNATURE, `$1${MASK}`);
  out = out.replace(STS_TOKEN, MASK);
  out = out.replace(LONG_BASE64, MASK);
  out = out.replace(SECRET_NEAR_WORD, `$1${MASK}`);
  out = out.replace(BARE_SECRET_KEY, (m) => (looksLikeSecretKey(m) ? MASK : m));
  return out;
}
