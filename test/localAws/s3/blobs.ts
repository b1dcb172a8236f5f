// Object data on disk. Each uploaded body (a PutObject or one multipart part) becomes one immutable file, a blob.
// Bodies are written to a temp file and renamed into place only when complete and verified, so a reset connection
// never leaves a partial object. Objects reference blobs (a multipart object is the ordered list of its part blobs,
// so completing an upload copies nothing, and CopyObject shares the source's blobs); a blob's file is deleted when
// the last object, upload or in-flight GET holding it lets go.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface Blob {
  readonly path: string;
  readonly size: number;
  refs: number;
}

export class BlobStore {
  private readonly blobDir: string;
  private readonly tempDir: string;
  private ready: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.blobDir = join(dataDir, 's3', 'blobs');
    this.tempDir = join(dataDir, 's3', 'tmp');
  }

  private init(): Promise<void> {
    this.ready ??= Promise.all([mkdir(this.blobDir, { recursive: true }), mkdir(this.tempDir, { recursive: true })]).then(
      () => undefined,
    );
    return this.ready;
  }

  /**
   * Streams a body into a new blob: `write` gets the temp file's stream, must finish writing it and return the
   * byte count. On any failure the temp file is removed and the error rethrown. The blob starts with one reference.
   */
  async receive<T extends { size: number }>(write: (sink: WriteStream) => Promise<T>): Promise<{ blob: Blob; result: T }> {
    await this.init();
    const id = randomBytes(12).toString('hex');
    const temp = join(this.tempDir, id);
    const sink = createWriteStream(temp, { flags: 'wx' });
    try {
      const result = await write(sink);
      const path = join(this.blobDir, id);
      await rename(temp, path);
      return { blob: { path, size: result.size, refs: 1 }, result };
    } catch (error) {
      // Wait for the file to be closed: if the request failed before the file was even opened, unlinking first
      // would let the late open re-create it.
      const closed = sink.closed ? Promise.resolve() : new Promise<void>((resolve) => sink.once('close', () => resolve()));
      sink.destroy();
      await closed;
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  retain(blob: Blob): void {
    blob.refs++;
  }

  release(blob: Blob): void {
    blob.refs--;
    if (blob.refs === 0) void unlink(blob.path).catch(() => undefined);
  }
}
