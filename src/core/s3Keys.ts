// Pure S3 key arithmetic: keys from local paths, prefixes, URIs and display names.
// S3 has no folders: a "folder" is a key prefix ending in '/', so every function here treats '/' as the only
// separator on the S3 side, whatever the local platform uses.

/** Which separators a local relative path uses: Windows paths may mix '\' and '/'. */
export type PathSeparators = '/' | '\\' | 'any';

/** Number of bytes of a string in UTF-8 (S3's key limit is 1,024 bytes, not characters). */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * A prefix as S3 lists it: no leading '/', no empty segments, a trailing '/' unless empty.
 * `'/a//b'` → `'a/b/'`, `''` → `''`, `'/'` → `''`.
 */
export function normalizePrefix(prefix: string): string {
  const segments = prefix.split('/').filter((s) => s.length > 0);
  return segments.length === 0 ? '' : `${segments.join('/')}/`;
}

/** Splits a local relative path into its segments, dropping empty and '.' segments. */
export function pathSegments(relativePath: string, separators: PathSeparators = 'any'): string[] {
  const pattern = separators === 'any' ? /[\\/]/ : separators;
  return relativePath.split(pattern).filter((s) => s.length > 0 && s !== '.');
}

/**
 * The key of a local file under a prefix: `toKey('photos/', 'trip\\day 1\\a.jpg')` → `'photos/trip/day 1/a.jpg'`.
 * A '..' segment would climb out of the folder being uploaded, so it is refused (throws) rather than guessed at.
 * Drive letters and leading separators are not expected: pass a path relative to the uploaded root.
 */
export function toKey(prefix: string, relativePath: string, separators: PathSeparators = 'any'): string {
  const segments = pathSegments(relativePath, separators);
  if (segments.length === 0) {
    throw new Error(`"${relativePath}" names no file: a key needs at least one path segment.`);
  }
  if (segments.includes('..')) {
    throw new Error(`"${relativePath}" leaves the uploaded folder ('..'): use a path inside it.`);
  }
  return normalizePrefix(prefix) + segments.join('/');
}

/** `s3://bucket/key` (keys are not percent-encoded: this is the form the AWS CLI and console show). */
export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

/** Parses `s3://bucket/key`; undefined when it is not an S3 URI or names no bucket. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(uri.trim());
  if (!match || !match[1]) return undefined;
  return { bucket: match[1], key: match[2] ?? '' };
}

/** True for a key that stands for a folder (a prefix or a zero-byte folder marker). */
export function isFolderKey(key: string): boolean {
  return key.endsWith('/');
}

/** The prefix that contains a key or prefix: `'a/b/c.txt'` → `'a/b/'`, `'a/b/'` → `'a/'`, `'a'` → `''`. */
export function parentPrefix(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

/** The last segment, as a tree row shows it: `'a/b/c.txt'` → `'c.txt'`, `'a/b/'` → `'b'`. */
export function displayName(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? trimmed : trimmed.slice(slash + 1);
}

/**
 * The local relative path segments for a key downloaded from under `prefix`, or undefined when the key cannot be
 * written safely inside the target folder: '..' or '.' segments (a key may contain them, a download must not follow
 * them), empty segments ('a//b'), NUL characters, or a key outside the prefix. Folder markers give their folder.
 */
export function localSegmentsFor(prefix: string, key: string): string[] | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const rest = key.slice(prefix.length);
  const body = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (body.length === 0) return [];
  const segments = body.split('/');
  for (const s of segments) {
    if (s.length === 0 || s === '.' || s === '..' || s.includes('\0') || s.includes('\\')) return undefined;
  }
  return segments;
}
