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
const SIGNATURE = /(\bSignature=)([0-9a-f]+)/gi;

/**
 * Command-line flags that carry a secret (`--password x`, `--vault-token=x`, `--client-secret "x"`): a failing
 * credential_process or helper can echo its command line.
 */
const FLAG = /(?<![\w-])(--?[\w-]*(?:password|passwd|passphrase|token|secret)[\w-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)/gi;

/** AWS validation messages echo the rejected value before naming the field: `Value 'x' at 'externalId'`. */
const ECHOED_VALUE = /(Value ')([^']*)(' at '(?:externalId|tokenCode|secretAccessKey|sessionToken)')/gi;

/** Session tokens: STS tokens start with this (base64 of a protobuf header); any very long base64 run too. */
const STS_TOKEN = /IQoJb3JpZ2luX2Vj[A-Za-z0-9/+=]*/g;
const LONG_BASE64 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}/g;

/** A 40-character secret access key next to the word "secret". */
const SECRET_NEAR_WORD = /(secret[^A-Za-z0-9/+=\n]{0,40})([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
/** A bare 40-character base64 run that mixes cases and digits (so hex digests such as git SHAs survive). */
const BARE_SECRET_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g;

/**
 * Short known secrets (a 6-digit MFA code, a brief ExternalId) are masked only as whole tokens, so that an MFA
 * code does not blank out the middle of an account id.
 */
const SHORT_SECRET = 12;

/**
 * A decoded copy of a text that remembers, for each of its characters, the span of the original it came from: a
 * secret found in the copy is masked where it stands in the original, whatever encoding it had there.
 */
interface View {
  text: string;
  from: number[];
  to: number[];
}

function identity(text: string): View {
  const from = Array.from({ length: text.length }, (_v, i) => i);
  return { text, from, to: from.map((i) => i + 1) };
}

/** Replaces each match of `re` in the view by `decode(match)`; the new characters map to the match's whole span. */
function decodeView(v: View, re: RegExp, decode: (m: RegExpExecArray) => string | undefined): View {
  const out: View = { text: '', from: [], to: [] };
  const parts: string[] = [];
  let last = 0;
  const keep = (end: number): void => {
    parts.push(v.text.slice(last, end));
    for (let i = last; i < end; i++) {
      out.from.push(v.from[i] ?? 0);
      out.to.push(v.to[i] ?? 0);
    }
  };
  re.lastIndex = 0;
  for (let m = re.exec(v.text); m !== null; m = re.exec(v.text)) {
    const decoded = decode(m);
    if (decoded === undefined) continue;
    keep(m.index);
    const start = v.from[m.index] ?? 0;
    const end = v.to[m.index + m[0].length - 1] ?? start;
    parts.push(decoded);
    for (let i = 0; i < decoded.length; i++) {
      out.from.push(start);
      out.to.push(end);
    }
    last = m.index + m[0].length;
  }
  keep(v.text.length);
  out.text = parts.join('');
  return out;
}

/** Line breaks (real, or `\n` escapes) with the indentation after them: how wrapped values are split. */
const LINE_BREAK = /(?:\\r)?\\n|\r?\n[ \t]*|\r/g;
/** JSON string escapes, including the `\/` some encoders write. */
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})|\\(["\\/])/g;
/** URL percent-escapes of ASCII characters (every character a secret here can hold). */
const PERCENT = /%([0-7][0-9A-Fa-f])/g;

const unwrap = (v: View): View => decodeView(v, LINE_BREAK, () => '');
const unescapeJson = (v: View): View => decodeView(v, JSON_ESCAPE, (m) => (m[1] !== undefined ? String.fromCharCode(parseInt(m[1], 16)) : m[2]));
const urlDecode = (v: View): View => decodeView(v, PERCENT, (m) => String.fromCharCode(parseInt(m[1] ?? '0', 16)));

/** Peels encodings until nothing changes (a value URL-encoded twice, JSON inside a URL, a wrapped escape…). */
function fullyDecoded(text: string): View {
  let v = identity(text);
  for (let round = 0; round < 4; round++) {
    const next = urlDecode(unescapeJson(unwrap(v)));
    if (next.text === v.text) break;
    v = next;
  }
  return v;
}

function maskSpans(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  let current: [number, number] | undefined;
  const flush = (): void => {
    if (!current) return;
    out += text.slice(at, current[0]) + MASK;
    at = current[1];
  };
  for (const span of spans) {
    if (current && span[0] <= current[1]) current[1] = Math.max(current[1], span[1]);
    else {
      flush();
      current = [...span];
    }
  }
  flush();
  return out + text.slice(at);
}

/** Spans of `value` in the view; a short value only as a whole token, so an MFA code leaves account ids alone. */
function find(v: View, value: string, spans: Array<[number, number]>): void {
  const short = value.length < SHORT_SECRET;
  for (let i = v.text.indexOf(value); i >= 0; i = v.text.indexOf(value, i + 1)) {
    if (short && (/[A-Za-z0-9]/.test(v.text[i - 1] ?? '') || /[A-Za-z0-9]/.test(v.text[i + value.length] ?? ''))) continue;
    spans.push([v.from[i] ?? 0, v.to[i + value.length - 1] ?? 0]);
  }
}

/** Masks each known value as written, URL-encoded (once or twice), JSON-escaped and line-wrapped. */
function maskKnown(text: string, knownSecrets: Iterable<string>): string {
  const values = [...new Set([...knownSecrets].filter((v) => typeof v === 'string' && v.length >= 2))];
  if (values.length === 0) return text;
  const views = [identity(text), fullyDecoded(text)];
  const spans: Array<[number, number]> = [];
  for (const value of values) for (const v of views) find(v, value, spans);
  return maskSpans(text, spans);
}

function looksLikeSecretKey(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9/+]/.test(s);
}

/** The values the patterns below would mask in `text`. */
function patternValues(text: string): string[] {
  const found: string[] = [];
  const collect = (re: RegExp, group: number, keep: (value: string) => boolean = () => true): void => {
    for (const m of text.matchAll(re)) {
      const value = m[group];
      if (value !== undefined && value !== MASK && keep(value)) found.push(value.replace(/^["']|["']$/g, ''));
    }
  };
  collect(XML, 3);
  collect(KEYED, 3, (v) => !NOT_SECRET.has(v.toLowerCase()));
  collect(FLAG, 3);
  collect(ECHOED_VALUE, 2);
  collect(SIGNATURE, 2);
  collect(STS_TOKEN, 0);
  collect(LONG_BASE64, 0);
  collect(SECRET_NEAR_WORD, 2);
  collect(BARE_SECRET_KEY, 0, looksLikeSecretKey);
  return found;
}

export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  const known = [...knownSecrets];
  // The patterns also read a URL-decoded copy: what they find there is masked in the encoded form it has here.
  const decoded = urlDecode(urlDecode(identity(text))).text;
  if (decoded !== text) known.push(...patternValues(decoded));
  let out = maskKnown(text, known);
  out = out.replace(XML, (_m, open: string, _tag: string, _value: string, close: string) => `${open}${MASK}${close}`);
  out = out.replace(KEYED, (m, key: string, sep: string, value: string) =>
    NOT_SECRET.has(value.toLowerCase()) || value === MASK ? m : `${key}${sep}${MASK}`,
  );
  out = out.replace(FLAG, (m, flag: string, sep: string, value: string) => (value === MASK ? m : `${flag}${sep}${MASK}`));
  out = out.replace(ECHOED_VALUE, `$1${MASK}$3`);
  out = out.replace(SIGNATURE, `$1${MASK}`);
  out = out.replace(STS_TOKEN, MASK);
  out = out.replace(LONG_BASE64, MASK);
  out = out.replace(SECRET_NEAR_WORD, `$1${MASK}`);
  out = out.replace(BARE_SECRET_KEY, (m) => (looksLikeSecretKey(m) ? MASK : m));
  return out;
}
