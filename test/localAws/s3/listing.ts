// Key ordering and the page walk shared by ListObjectsV2, ListObjects and ListMultipartUploads: prefix filter,
// delimiter roll-up into common prefixes, a start marker, and a page size.
import { invalidArgument } from './errors';

/** S3 lists in UTF-8 byte order, i.e. code-point order; JS compares UTF-16 units, which differs for surrogates. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb);
  }
  return a.length - b.length;
}

// Surrogates (astral code points) sort after U+E000–U+FFFF in code-point order.
const codePointRank = (unit: number): number =>
  unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;

export interface WalkOptions {
  prefix: string;
  delimiter?: string;
  /** Only entries strictly after this key. */
  after?: string;
  /** The marker was a common prefix: skip the keys it stood for. */
  afterIsPrefix?: boolean;
  max: number;
}

export interface Walk<T> {
  items: T[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last entry returned (item key or common prefix), for the next page's marker. */
  last?: { key: string; isPrefix: boolean };
}

/** Walks `sorted` (ordered by `keyOf` with compareKeys) and returns one page. */
export function walk<T>(sorted: readonly T[], keyOf: (item: T) => string, options: WalkOptions): Walk<T> {
  const { prefix, delimiter, after, max } = options;
  const result: Walk<T> = { items: [], commonPrefixes: [], truncated: false };
  if (max <= 0) return result;
  const start = after !== undefined && compareKeys(after, prefix) > 0 ? after : prefix;
  let count = 0;
  let lastPrefix = options.afterIsPrefix ? after : undefined;
  for (let i = lowerBound(sorted, keyOf, start); i < sorted.length; i++) {
    const item = sorted[i] as T;
    const key = keyOf(item);
    if (!key.startsWith(prefix)) break; // keys with the prefix are contiguous
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    let entry: string = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        if (entry === lastPrefix) continue;
      }
    }
    if (count === max) {
      result.truncated = true;
      break;
    }
    count++;
    if (isPrefix) {
      result.commonPrefixes.push(entry);
      lastPrefix = entry;
    } else {
      result.items.push(item);
    }
    result.last = { key: entry, isPrefix };
  }
  return result;
}

function lowerBound<T>(sorted: readonly T[], keyOf: (item: T) => string, key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keyOf(sorted[mid] as T), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ListObjectsV2 continuation tokens are opaque to clients; ours carry the last entry of the previous page. */
export function encodeToken(last: { key: string; isPrefix: boolean }): string {
  return Buffer.from(JSON.stringify({ k: last.key, p: last.isPrefix ? 1 : 0 }), 'utf8').toString('base64');
}

export function decodeToken(token: string): { key: string; isPrefix: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { k?: unknown; p?: unknown };
    if (typeof parsed.k === 'string') return { key: parsed.k, isPrefix: parsed.p === 1 };
  } catch {
    // fall through to the error AWS gives
  }
  throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
}

/** EncodingType=url as S3 does it (form encoding: space → '+'), which botocore decodes with unquote_plus. */
export function urlEncodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+');
}

/** Parses max-keys / max-uploads / max-parts: an integer ≥ 0, capped at 1000. */
export function parseMax(value: string | undefined, name: string, cap = 1000): number {
  if (value === undefined || value === '') return cap;
  if (!/^-?\d+$/.test(value)) throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, value);
  const n = Number(value);
  if (n < 0) throw invalidArgument(`Argument ${name} must be an integer between 0 and 2147483647`, name, value);
  return Math.min(n, cap);
}
