// Writing responses: the headers every S3 response carries, XML bodies, and errors (HEAD errors have no body).
import type { OutgoingHttpHeaders } from 'node:http';
import type { S3Error } from './errors';
import type { S3Request } from './request';
import { el, errorDocument, opt } from './xml';

function baseHeaders(r: S3Request): OutgoingHttpHeaders {
  return { 'x-amz-request-id': r.requestId, 'x-amz-id-2': r.hostId, server: 'AmazonS3' };
}

export function sendXml(r: S3Request, status: number, xml: string, headers: OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(xml, 'utf8');
  r.res.writeHead(status, {
    ...baseHeaders(r),
    ...headers,
    'content-type': 'application/xml',
    'content-length': body.length,
  });
  r.res.end(body);
}

export function sendEmpty(r: S3Request, status: number, headers: OutgoingHttpHeaders = {}): void {
  r.res.writeHead(status, { ...baseHeaders(r), 'content-length': 0, ...headers });
  r.res.end();
}

/** Starts a streamed response; the caller pipes the body. */
export function startResponse(r: S3Request, status: number, headers: OutgoingHttpHeaders): void {
  r.res.writeHead(status, { ...baseHeaders(r), ...headers });
}

export function sendError(request: S3Request, error: S3Error): void {
  const headers = { ...baseHeaders(request), ...error.headers };
  if (request.res.headersSent || request.res.destroyed) {
    // Too late for a status line: the client sees a broken body, as with AWS.
    request.res.destroy();
    return;
  }
  if (request.method === 'HEAD') {
    request.res.writeHead(error.status, headers);
    request.res.end();
    return;
  }
  const details = Object.entries(error.details).map(([name, value]) => el(name, value));
  const body = Buffer.from(
    errorDocument([
      el('Code', error.code),
      el('Message', error.message),
      details,
      opt('Resource', request.resource),
      el('RequestId', request.requestId),
      el('HostId', request.hostId),
    ]),
    'utf8',
  );
  request.res.writeHead(error.status, { ...headers, 'content-type': 'application/xml', 'content-length': body.length });
  request.res.end(body);
}
