// Decodes an `aws-chunked` request body as a stream: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n`,
// then optional trailer lines (`x-amz-checksum-crc32:<base64>`) and an empty line. Data is passed on as slices of the
// incoming buffers (no copy); the trailers are available once the stream has ended.
// Chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) are read but not verified.
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error, incompleteBody } from './errors';

const MAX_LINE = 8 * 1024;

type State = 'header' | 'data' | 'dataEnd' | 'trailer' | 'done';

const malformed = (why: string): S3Error => new S3Error('InvalidRequest', 400, `Malformed aws-chunked body: ${why}.`);

export class AwsChunkedDecoder extends Transform {
  /** Trailer lines by lower-case name, filled when the terminating chunk and its trailers have been read. */
  readonly trailers = new Map<string, string>();
  private state: State = 'header';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private crlfSeen = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // Some encoders end right after the last trailer line without the empty line; accept that, nothing shorter.
    if (this.state === 'done' || (this.state === 'trailer' && this.lineLength === 0)) callback();
    else callback(incompleteBody());
  }

  private consume(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - i);
          this.push(chunk.subarray(i, i + n));
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = 'dataEnd';
            this.crlfSeen = 0;
          }
          break;
        }
        case 'dataEnd': {
          const expected = this.crlfSeen === 0 ? 0x0d : 0x0a;
          if (chunk[i] !== expected) throw malformed('chunk data is not followed by CRLF');
          i++;
          if (++this.crlfSeen === 2) this.state = 'header';
          break;
        }
        case 'header':
        case 'trailer': {
          const newline = chunk.indexOf(0x0a, i);
          const end = newline < 0 ? chunk.length : newline;
          this.lineLength += end - i;
          if (this.lineLength > MAX_LINE) throw malformed('line too long');
          this.line.push(chunk.subarray(i, end));
          i = end;
          if (newline >= 0) {
            i++;
            const text = Buffer.concat(this.line).toString('latin1');
            this.line = [];
            this.lineLength = 0;
            if (!text.endsWith('\r')) throw malformed('line does not end with CRLF');
            this.onLine(text.slice(0, -1));
          }
          break;
        }
        case 'done': {
          // Nothing may follow the final empty line but stray whitespace.
          for (; i < chunk.length; i++) {
            const c = chunk[i];
            if (c !== 0x0d && c !== 0x0a) throw malformed('data after the final chunk');
          }
          break;
        }
      }
    }
  }

  private onLine(text: string): void {
    if (this.state === 'header') {
      const sizeText = text.split(';', 1)[0]?.trim() ?? '';
      if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) throw malformed('invalid chunk size');
      const size = parseInt(sizeText, 16);
      if (size === 0) this.state = 'trailer';
      else {
        this.remaining = size;
        this.state = 'data';
      }
      return;
    }
    if (text === '') {
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw malformed('invalid trailer line');
    this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
  }
}
