// Local files the transfer cases move: one large file of random bytes and a folder of small ones, under the run's
// temporary folder (removed at the end).
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

const CHUNK = 1024 * 1024;

/** Random bytes (not compressible, like most large files people upload), written 1 MiB at a time. */
export async function writeRandomFile(file: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file, { flags: 'wx' });
  const chunk = Buffer.alloc(CHUNK);
  for (let written = 0; written < bytes; written += CHUNK) {
    const size = Math.min(CHUNK, bytes - written);
    randomFillSync(chunk, 0, size);
    // A copy per write: the stream may still hold the previous buffer when the next fill starts.
    if (!out.write(Buffer.from(chunk.subarray(0, size)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/** `count` files of `bytes` random bytes each, named file-0000.txt… in `dir`. */
export async function writeFolder(dir: string, count: number, bytes: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < count; i++) {
    randomFillSync(data);
    await writeFile(path.join(dir, `file-${String(i).padStart(4, '0')}.txt`), data, { flag: 'wx' });
  }
}
