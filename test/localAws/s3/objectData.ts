// Reading an object's data: a byte range across its segments (one file per part), streamed file by file.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Blob } from './blobs';

const READ_CHUNK = 256 * 1024;

/** The bytes [start, end] (inclusive) of the concatenated segments. The caller keeps the segments retained. */
export function readRange(segments: readonly Blob[], start: number, end: number): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const blob of segments) {
      const first = offset;
      const last = offset + blob.size - 1;
      offset += blob.size;
      if (blob.size === 0 || last < start) continue;
      if (first > end) break;
      const stream = createReadStream(blob.path, {
        start: Math.max(start, first) - first,
        end: Math.min(end, last) - first,
        highWaterMark: READ_CHUNK,
      });
      for await (const chunk of stream) yield chunk as Buffer;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Byte offsets of each segment, for GetObject?partNumber=N. */
export function segmentBounds(segments: readonly Blob[], index: number): { start: number; end: number } | undefined {
  let offset = 0;
  for (let i = 0; i < segments.length; i++) {
    const size = (segments[i] as Blob).size;
    if (i === index) return { start: offset, end: offset + size - 1 };
    offset += size;
  }
  return undefined;
}
