// Local sources → upload items: the walk of chosen files and folders, on the disk side of the key/path boundary.
// A cloned repository can plant links (`favicon.ico -> ~/.aws/credentials`), so the walk uses lstat and never follows
// a link whose real path leaves the chosen folder. The file system is injected so any tree can be tested.
import * as nodeFs from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import * as path from 'node:path';
import { RoleChainError } from './errors';
import { isInside, keyFor } from './s3Keys';
import type { TransferProblem, UploadItem } from './transfer';

/** The file system calls the walk needs (node:fs/promises satisfies it). */
export interface WalkFs {
  lstat(p: string): Promise<Stats>;
  stat(p: string): Promise<Stats>;
  realpath(p: string): Promise<string>;
  readdir(p: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  access(p: string, mode?: number): Promise<void>;
}

export interface ExpandOptions {
  fs?: WalkFs;
  /** Stop walking after this many entries (a bounded walk even for a mistaken source like '/'). */
  maxEntries?: number;
  signal?: AbortSignal;
}

export interface ExpandResult {
  items: UploadItem[];
  /** What could not be planned and why (unreadable, broken links, pipes…). */
  problems: TransferProblem[];
  /** Links whose real path is outside the chosen folder: skipped, never read, and named in the summary. */
  linksOutside: Array<{ path: string; target: string }>;
  /** Links to files or folders inside the chosen folder: left out, as what they point to goes up where it is. */
  linksInside: string[];
}

const DEFAULT_MAX_ENTRIES = 200_000;

/** Node error code, if any. */
function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function describeFsError(e: unknown): string {
  switch (codeOf(e)) {
    case 'ENOENT':
      return 'it no longer exists';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a path segment is not a folder';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Identity of a folder for loop detection (a bind mount of an ancestor has its device and inode); none when unknown. */
function folderId(st: Stats): string | undefined {
  return st.ino ? `${st.dev}:${st.ino}` : undefined;
}

/**
 * Expands files and folders into upload items. A file goes to `prefix + name`; a folder to
 * `prefix + folderName/ + relative path`, recursively. `prefix` is used exactly ('' or ending in '/').
 * Links: one whose real path is outside the chosen folder (or, for a chosen link, outside the folder holding it) is
 * skipped and listed in `linksOutside`; one inside is left out (`linksInside`), because what it points to is uploaded
 * where it really is, once; so a link loop ends at once. Broken links, unreadable entries, pipes and devices become
 * problems. Items come out sorted by key so a batch is reproducible.
 */
export async function expandUploadSources(sources: readonly string[], prefix: string, options: ExpandOptions = {}): Promise<ExpandResult> {
  const prefixCheck = keyFor(prefix, ['name']);
  if ('problem' in prefixCheck) throw new RoleChainError('validation', prefixCheck.problem);
  const fs = options.fs ?? nodeFs;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const items: UploadItem[] = [];
  const problems: TransferProblem[] = [];
  const linksInside: string[] = [];
  const linksOutside: ExpandResult['linksOutside'] = [];
  let entries = 0;
  let truncated = false;

  const addFile = async (localPath: string, st: Stats, segments: string[]): Promise<void> => {
    const mapped = keyFor(prefix, segments);
    if ('problem' in mapped) {
      problems.push({ path: localPath, reason: mapped.problem });
      return;
    }
    try {
      await fs.access(localPath, nodeFs.constants.R_OK);
    } catch (e) {
      problems.push({ path: localPath, reason: `cannot read the file: ${describeFsError(e)}` });
      return;
    }
    items.push({ localPath, key: mapped.key, size: st.size });
  };

  /** Whether a link's real path stays inside `folder` (a real path); a link leaving it, or broken, is recorded. */
  const linkInside = async (link: string, folder: string): Promise<boolean> => {
    let real: string;
    try {
      real = await fs.realpath(link);
    } catch (e) {
      const code = codeOf(e);
      problems.push({ path: link, reason: `skipped: ${code === 'ENOENT' ? 'broken symbolic link' : describeFsError(e)}` });
      return false;
    }
    if (isInside(folder, real)) return true;
    linksOutside.push({ path: link, target: real });
    return false;
  };

  const walk = async (dir: string, segments: string[], root: string, ancestors: string[]): Promise<void> => {
    let children: Dirent[];
    try {
      children = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the folder: ${describeFsError(e)}` });
      return;
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      if (options.signal?.aborted) return;
      if (++entries > maxEntries) {
        truncated = true;
        return;
      }
      const full = path.join(dir, child.name);
      let st: Stats;
      try {
        st = await fs.lstat(full); // never follows a link: links are judged by where they point first
      } catch (e) {
        problems.push({ path: full, reason: `skipped: ${describeFsError(e)}` });
        continue;
      }
      if (st.isSymbolicLink()) {
        if (await linkInside(full, root)) linksInside.push(full);
      } else if (st.isDirectory()) {
        const id = folderId(st);
        if (id !== undefined && ancestors.includes(id)) {
          problems.push({ path: full, reason: 'skipped: a folder that contains itself (a mount loop)' });
          continue;
        }
        await walk(full, [...segments, child.name], root, id === undefined ? ancestors : [...ancestors, id]);
      } else if (st.isFile()) {
        await addFile(full, st, [...segments, child.name]);
      } else {
        problems.push({ path: full, reason: `skipped: ${kindOf(st)}` });
      }
    }
  };

  for (const source of sources) {
    if (options.signal?.aborted || truncated) break;
    const name = path.basename(source);
    let st: Stats;
    try {
      st = await fs.lstat(source);
      if (st.isSymbolicLink()) {
        // A chosen link is followed only within the folder that holds it (the Explorer's folder, in practice).
        const holder = await fs.realpath(path.dirname(source));
        if (!(await linkInside(source, holder))) continue;
        st = await fs.stat(source);
      }
    } catch (e) {
      problems.push({ path: source, reason: `skipped: ${describeFsError(e)}` });
      continue;
    }
    if (st.isDirectory()) {
      try {
        const id = folderId(st);
        await walk(source, [name], await fs.realpath(source), id === undefined ? [] : [id]);
      } catch (e) {
        problems.push({ path: source, reason: `skipped: ${describeFsError(e)}` });
      }
    } else if (st.isFile()) {
      await addFile(source, st, [name]);
    } else {
      problems.push({ path: source, reason: `skipped: ${kindOf(st)}` });
    }
  }
  if (truncated) {
    problems.push({ path: sources.join(', '), reason: `stopped after ${maxEntries} entries: choose a smaller folder` });
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items, problems, linksInside, linksOutside };
}
