// S3 key arithmetic and the one boundary between S3 keys and local paths. S3 has no folders: a "folder" is a key
// prefix ending in '/', so '/' is the only separator on the S3 side, whatever the local platform uses.
// Keys in a shared bucket are hostile input: `localPathFor` is the only way from a key to a path on disk, `keyFor`
// the only way back, and `isInside` the containment check both sides share.
import * as path from 'node:path';

/** Node's path rules to map with: `path` (this platform's), or `path.posix` / `path.win32` (tests run both anywhere). */
export type PathFlavour = path.PlatformPath;

/** Number of bytes of a string in UTF-8 (S3's key limit is 1,024 bytes, not characters). */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * A prefix the person typed, in the form S3 lists: no leading '/', no empty segments, a trailing '/' unless empty.
 * `'/a//b'` → `'a/b/'`, `''` → `''`, `'/'` → `''`. Only for typed text: a prefix that was listed is used as it is
 * (a blank folder 'a//' is not 'a/').
 */
export function normalizePrefix(prefix: string): string {
  const segments = prefix.split('/').filter((s) => s.length > 0);
  return segments.length === 0 ? '' : `${segments.join('/')}/`;
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

// Device names Windows resolves in any folder, with or without an extension ('CON.txt' is the console too).
const WINDOWS_DEVICES = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Characters Windows forbids in a name; ':' would also name a drive ('C:x') or an alternate data stream ('a:b').
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/**
 * Why one '/'-separated segment of a key cannot be a file or folder name, or undefined when it can. The rules are the
 * same on every platform: a folder downloaded on Linux is often synced or copied to Windows, or sits on an NTFS or SMB
 * drive, where these names alias other files or climb out ('a.' is 'a', 'x\..\..' climbs, 'CON' is the console).
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'an empty segment ("//")';
  if (segment === '.' || segment === '..') return `a "${segment}" segment`;
  for (const ch of segment) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20) return code === 0 ? 'a NUL character' : 'a control character';
  }
  if (segment.includes('\\')) return 'a backslash (a folder separator on Windows)';
  const forbidden = WINDOWS_FORBIDDEN.exec(segment);
  if (forbidden) return `"${forbidden[0]}" in "${segment}" (not allowed in Windows file names)`;
  if (/[. ]$/.test(segment)) return `"${segment}", which ends in a dot or space (Windows drops it)`;
  const stem = (segment.split('.')[0] ?? '').trimEnd();
  if (WINDOWS_DEVICES.test(stem)) return `"${segment}", a device name on Windows`;
  return undefined;
}

/** True when `target` is `root` or below it, under `flavour`'s rules (case-insensitive on Windows). */
export function isInside(root: string, target: string, flavour: PathFlavour = path): boolean {
  const rel = flavour.relative(flavour.resolve(root), flavour.resolve(target));
  return rel === '' || (!flavour.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${flavour.sep}`));
}

/** Where `segments` land under a root, and whether exactly there: nothing normalised away, nothing climbed. */
function landsExactly(flavour: PathFlavour, root: string, segments: readonly string[]): string | undefined {
  const target = flavour.join(root, ...segments);
  const rel = flavour.relative(root, target);
  return rel === segments.join(flavour.sep) && isInside(root, target, flavour) ? target : undefined;
}

export type LocalPath = { path: string; segments: string[] } | { problem: string };

/**
 * The local path for `key`, listed under `base` (a prefix the key starts with), inside the folder `root`: the one
 * mapping from S3 to disk, for downloads of objects, folders and buckets and for Open. The key's segments after
 * `base` become folders and a file; a folder marker ('…/') gives its folder, the base itself gives `root`.
 * Refused, with a sentence naming the key: a segment `segmentProblem` rejects, or a result that is not exactly
 * `root` + the segments under both POSIX and Win32 rules (whatever `flavour` the path is built with).
 */
export function localPathFor(root: string, base: string, key: string, flavour: PathFlavour = path): LocalPath {
  if (!key.startsWith(base)) return { problem: `"${key}" is not under "${base}".` };
  const rest = key.slice(base.length);
  const segments = rest === '' ? [] : (rest.endsWith('/') ? rest.slice(0, -1) : rest).split('/');
  for (const segment of segments) {
    const why = segmentProblem(segment);
    if (why) return { problem: `"${key}" has ${why}.` };
  }
  const target = landsExactly(flavour, flavour.resolve(root), segments);
  const portable = landsExactly(path.posix, '/root', segments) !== undefined && landsExactly(path.win32, 'C:\\root', segments) !== undefined;
  if (target === undefined || !portable) return { problem: `"${key}" would not stay inside ${root}.` };
  return { path: target, segments };
}

export type KeyFor = { key: string } | { problem: string };

/**
 * The key for a local file: `prefix` (exactly as listed or typed: '' or ending in '/') + its path segments relative
 * to the folder the upload started from, joined with '/'. The one mapping from disk to S3 (files, folders, drops).
 * Names come from the file system, so only what no real name can be is refused: '', '.', '..' and '/'.
 */
export function keyFor(prefix: string, segments: readonly string[]): KeyFor {
  if (prefix !== '' && !prefix.endsWith('/')) return { problem: `The prefix "${prefix}" is not a folder: it must end in "/".` };
  if (segments.length === 0) return { problem: 'No file name: a key needs at least one path segment.' };
  const bad = segments.find((s) => s === '' || s === '.' || s === '..' || s.includes('/'));
  if (bad !== undefined) return { problem: `"${segments.join('/')}" has ${bad.includes('/') ? 'a "/" in a name' : `a "${bad}" segment`}: it cannot name a file inside the folder.` };
  return { key: prefix + segments.join('/') };
}

/** How a download lays out a listed prefix on disk (see `folderTarget`). */
export interface FolderLayout {
  bucket: string;
  /** Everything under this prefix, exactly as it was listed ('' = the whole bucket; 'a//' is not 'a/'). */
  prefix: string;
  /** The folder chosen to download into: nothing is written outside it. */
  targetDir: string;
  /**
   * Keys are laid out relative to this prefix: `prefix` itself by default (its contents land in targetDir), or its
   * parent to keep the folder's own name, which is then checked like every key under it.
   */
  relativeTo?: string;
  /** A folder made inside targetDir that receives everything (a bucket download keeps the bucket's name). */
  folderName?: string;
}

/**
 * Where a listed prefix goes inside `targetDir`, or why it cannot: checked before anything is listed or written
 * (a folder row named '..' is refused whole). `layout` is the folder keys are mapped into with `localPathFor`;
 * `segments` lead from `root` (the resolved targetDir) to `dir`, the prefix's own folder.
 */
export function folderTarget(options: FolderLayout, flavour: PathFlavour = path): { root: string; layout: string; dir: string; segments: string[] } | { problem: string } {
  const { bucket, prefix } = options;
  const refuse = (why: string) => ({ problem: `Cannot download ${s3Uri(bucket, prefix)}: ${why} Nothing was written.` });
  if (prefix !== '' && !prefix.endsWith('/')) return refuse(`"${prefix}" is not a folder (it must end in "/").`);
  const root = flavour.resolve(options.targetDir);
  let layout = root;
  const lead: string[] = [];
  if (options.folderName !== undefined) {
    const folder = localPathFor(root, '', `${options.folderName}/`, flavour);
    if ('problem' in folder) return refuse(folder.problem);
    layout = folder.path;
    lead.push(...folder.segments);
  }
  const dir = localPathFor(layout, options.relativeTo ?? prefix, prefix, flavour);
  if ('problem' in dir) return refuse(dir.problem);
  return { root, layout, dir: dir.path, segments: [...lead, ...dir.segments] };
}
