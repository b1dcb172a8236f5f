// One S3 request as the operations see it: who, which bucket and key (path or virtual-host style), which query.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { AuthContext, ServiceContext } from '../types';
import { S3Error } from './errors';
import type { Storage } from './storage';

export interface S3Request {
  readonly ctx: ServiceContext;
  readonly storage: Storage;
  readonly req: IncomingMessage;
  readonly body: Readable;
  readonly res: ServerResponse;
  readonly auth: AuthContext;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: Map<string, string>;
  readonly bucket?: string;
  readonly key?: string;
  /** The request path without the query, for <Resource> in errors. */
  readonly resource: string;
  readonly requestId: string;
  readonly hostId: string;
  /** Aborted when the service closes. */
  readonly signal: AbortSignal;
  /** Set by the router (for the request log). */
  operation: string;
}

export interface ParsedTarget {
  bucket?: string;
  key?: string;
  resource: string;
  query: Map<string, string>;
}

/**
 * Splits the URL into bucket, key and query. Virtual-host style when the Host is `<bucket>.localhost[:port]`
 * (or `<bucket>.s3.<host>`);
 * otherwise path style (`/bucket/key`). Query values are percent-decoded only ('+' stays '+', as in SigV4).
 */
export function parseTarget(url: string, host: string | undefined): ParsedTarget {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new Map<string, string>();
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      if (!query.has(name)) query.set(name, eq < 0 ? '' : decode(pair.slice(eq + 1)));
    }
  }
  const path = decode(rawPath);
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const virtual = /^(.+?)\.(?:localhost|s3[.-].+)$/.exec(hostname)?.[1];
  if (virtual !== undefined) {
    const key = path.startsWith('/') ? path.slice(1) : path;
    return { bucket: virtual, key: key === '' ? undefined : key, resource: `/${virtual}${path}`, query };
  }
  const rest = path.startsWith('/') ? path.slice(1) : path;
  if (rest === '') return { resource: '/', query };
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest, resource: path, query };
  const key = rest.slice(slash + 1);
  return { bucket: rest.slice(0, slash), key: key === '' ? undefined : key, resource: path, query };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', 400, "Couldn't parse the specified URI.", { URI: text });
  }
}

/** AWS request ids: 16 upper-case hex characters, and a longer base64 "host id". */
export function newRequestIds(): { requestId: string; hostId: string } {
  return { requestId: randomBytes(8).toString('hex').toUpperCase(), hostId: randomBytes(48).toString('base64') };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
