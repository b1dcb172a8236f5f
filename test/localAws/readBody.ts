import type { Readable } from 'node:stream';

/**
 * A request body read whole, or undefined when it is larger than `limit` bytes or the client went away (every
 * service of the endpoint answers such a body with its own error).
 */
export function readAll(body: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    body.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    body.on('error', () => resolve(undefined));
    body.on('close', () => resolve(undefined));
  });
}

/** `readAll` as UTF-8 text. */
export async function readText(body: Readable, limit: number): Promise<string | undefined> {
  return (await readAll(body, limit))?.toString('utf8');
}
