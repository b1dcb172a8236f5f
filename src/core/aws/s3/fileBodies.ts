// Request bodies read from a local file: a byte range streamed in small chunks (memory per part in flight is a few
// chunks, never the part), or a small file read whole.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Each stream read is this large. */
const READ_CHUNK = 256 * 1024;

/** The byte stream of [start, start + length) of the file; an empty buffer for an empty file. */
export function rangeBody(localPath: string, start: number, length: number): NodeJS.ReadableStream | Uint8Array {
  if (length === 0) return new Uint8Array(0);
  return createReadStream(localPath, { start, end: start + length - 1, highWaterMark: READ_CHUNK });
}

/** A small file's bytes; fails when the file no longer has the size that was checked (it changed meanwhile). */
export async function readWhole(localPath: string, size: number): Promise<Uint8Array> {
  const data = await readFile(localPath);
  if (data.byteLength !== size) throw Object.assign(new Error(`${localPath} changed while it was being uploaded`), { code: 'ECHANGED' });
  return data;
}

/** Lets go of a body's file handle once its request settled (an attempt that failed mid-stream included). */
export function destroyBody(body: NodeJS.ReadableStream | Uint8Array): void {
  if (!(body instanceof Uint8Array)) (body as unknown as { destroy(): void }).destroy();
}
