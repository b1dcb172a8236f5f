// A minimal SigV4 HTTP client for tests that must send what SDKs never would: tampered signatures, skewed
// dates, hand-made query strings. Signs with @smithy/signature-v4 and sends with fetch (127.0.0.1 only).
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { NodeSha256 } from './nodeSha256';

export interface RawCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawRequestOptions {
  endpoint: string;
  service: 'sts' | 's3' | string;
  credentials: RawCredentials;
  region?: string;
  method?: string;
  /** Already URI-encoded, as it goes on the wire. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  signingDate?: Date;
  /** Changes the signed request before it is sent (to tamper with it). */
  mutate?: (request: { url: string; headers: Record<string, string>; body?: string }) => void;
}

function signer(options: RawRequestOptions): SignatureV4 {
  return new SignatureV4({
    service: options.service,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials,
    sha256: NodeSha256,
    uriEscapePath: options.service !== 's3',
  });
}

function toUrl(endpoint: string, request: HttpRequest): string {
  const query = Object.entries(request.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => `${encodeURIComponent(name)}=${encodeURIComponent(item ?? '')}`))
    .join('&');
  return `${endpoint}${request.path}${query ? `?${query}` : ''}`;
}

function baseRequest(options: RawRequestOptions): HttpRequest {
  const url = new URL(options.endpoint);
  return {
    method: options.method ?? 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path ?? '/',
    query: options.query ?? {},
    headers: { host: url.host, ...(options.headers ?? {}) },
    body: options.body,
  } as HttpRequest;
}

/** Signs (Authorization header) and sends a request; resolves with the status and the body text. */
export async function signedFetch(options: RawRequestOptions): Promise<{ status: number; body: string; headers: Headers }> {
  const signed = await signer(options).sign(baseRequest(options), { signingDate: options.signingDate ?? new Date() });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name !== 'host') headers[name] = value;
  const outgoing = { url: toUrl(options.endpoint, signed), headers, body: options.body };
  options.mutate?.(outgoing);
  const response = await fetch(outgoing.url, { method: signed.method, headers: outgoing.headers, body: outgoing.body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** A presigned URL (query-string SigV4) for a request. */
export async function presignedUrl(options: RawRequestOptions & { expiresIn?: number }): Promise<string> {
  const request = baseRequest(options);
  if (options.service === 's3') request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  const signed = await signer(options).presign(request, { signingDate: options.signingDate ?? new Date(), expiresIn: options.expiresIn ?? 900 });
  return toUrl(options.endpoint, signed);
}

/** A form-encoded STS query-protocol body. */
export function stsForm(params: Record<string, string>): string {
  return new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
