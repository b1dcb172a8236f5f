// The disk side of downloads. Keys are hostile input, so what a download writes is placed carefully: a temporary file
// beside its target moved into place at the end (a cancelled or failed download never leaves a half-written file
// under the real name, and an existing file is replaced only when asked), and folders made one level at a time (a
// planted link never takes the download elsewhere).
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../../s3Keys';

export function tempNameFor(targetPath: string): string {
  return path.join(path.dirname(targetPath), `.${path.basename(targetPath)}.${randomBytes(4).toString('hex')}.download`);
}

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Moves the finished temporary file to its name. Without permission to replace, a hard link creates the name only
 * if it is still free (two keys that one file system sees as one name, 'A.txt' and 'a.txt', both find out here);
 * where hard links are not supported the name is checked just before the rename.
 */
export async function moveIntoPlace(temp: string, target: string, replace: boolean, replaceExisting: ((targetPath: string) => Promise<boolean>) | undefined): Promise<boolean> {
  if (!replace) {
    let taken: boolean;
    try {
      await fsp.link(temp, target);
      await fsp.rm(temp, { force: true });
      return true;
    } catch (e) {
      taken = codeOf(e) === 'EEXIST' || (await exists(target));
    }
    if (taken && !(await replaceExisting?.(target))) return false;
  }
  await fsp.rename(temp, target);
  return true;
}

/**
 * Makes the folders of a download one level at a time below the chosen folder. An existing link is followed only
 * when its real path stays inside the chosen folder (a planted `assets -> ~/.aws` is not), so mkdir never creates
 * anything elsewhere. Shared by every file of a batch, so concurrent downloads make each folder once.
 */
export function folderMaker(root: string): (segments: readonly string[]) => Promise<string> {
  const made = new Map<string, Promise<void>>();
  let realRoot: Promise<string> | undefined;
  const one = async (dir: string): Promise<void> => {
    try {
      await fsp.mkdir(dir);
      return;
    } catch (e) {
      if (codeOf(e) !== 'EEXIST') throw e;
    }
    const st = await fsp.lstat(dir);
    if (st.isDirectory()) return;
    if (st.isSymbolicLink()) {
      realRoot ??= fsp.realpath(root);
      const real = await fsp.realpath(dir);
      if (!isInside(await realRoot, real)) throw new Error(`${dir} is a link to ${real}, outside ${root}`);
      if ((await fsp.stat(dir)).isDirectory()) return;
    }
    throw new Error(`${dir} exists and is not a folder`);
  };
  return async (segments) => {
    let dir = root;
    for (const segment of segments) {
      dir = path.join(dir, segment);
      let step = made.get(dir);
      if (!step) {
        step = one(dir);
        made.set(dir, step);
      }
      await step;
    }
    return dir;
  };
}
