// The HTTP front door: routes each request by the service in its SigV4 credential scope (sts → STS, s3 → the
// S3 service), authenticates it, applies the configured faults, and leaves one request-log entry per request.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { S3_ANONYMOUS, s3AuthError, STS_MISSING_AUTH, stsAuthError, type ServiceError } from './authErrors';
import { FaultState, Link, sleep, ThrottleStream } from './faults';
import { FEDERATION_PATH, federationFor } from './federation';
import type { IdentityCenter } from './identityCenter';
import { annotateRequest, type RequestLog } from './requestLog';
import { s3OperationName, s3Target } from './s3Operation';
import { claimSignature, parseRawQuery, type ClaimResult, type RawRequest, type SigV4Verifier } from './sigv4';
import { readAll } from './readBody';
import { handleSso, ssoRoute } from './ssoHttp';
import { stsErrorResult, type StsResult, type StsService } from './sts';
import type { Clock, RequestLogEntry, S3Service } from './types';
import { newHostId, newRequestId, s3ErrorXml, stsErrorXml } from './xml';

/** STS bodies are small forms; anything bigger is not an STS request worth buffering. */
const STS_BODY_LIMIT = 64 * 1024;

export interface ServerParts {
  clock: Clock;
  faults: FaultState;
  log: RequestLog;
  verifier: SigV4Verifier;
  sts: StsService;
  s3: S3Service;
  /** The scenario's IAM Identity Center (SSO OIDC, portal, approval page), when it has one. */
  identityCenter?: IdentityCenter;
}

type Service = RequestLogEntry['service'];

function splitUrl(url: string): { rawPath: string; rawQuery: string } {
  const mark = url.indexOf('?');
  return mark < 0 ? { rawPath: url, rawQuery: '' } : { rawPath: url.slice(0, mark), rawQuery: url.slice(mark + 1) };
}

/** The service a request is for: its credential scope when signed; for anonymous requests, STS if it names an Action. */
function routeService(claim: ClaimResult, request: RawRequest): Service {
  const scoped = claim.kind === 'claimed' ? claim.claim.service : claim.kind === 'malformed' ? claim.service : undefined;
  if (scoped !== undefined) return scoped === 'sts' || scoped === 's3' ? scoped : 'unknown';
  const form = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  if ((request.method === 'POST' && form) || /(^|&)Action=/.test(request.rawQuery)) return 'sts';
  return 's3';
}

function safeQuery(rawQuery: string): Record<string, string | string[]> {
  try {
    return parseRawQuery(rawQuery);
  } catch {
    return {};
  }
}

/** Per-connection uplinks, so a bandwidth cap is shared by the requests of one keep-alive connection. */
const uplinks = new WeakMap<Socket, Link>();
function uplinkOf(socket: Socket): Link {
  let link = uplinks.get(socket);
  if (!link) {
    link = new Link();
    uplinks.set(socket, link);
  }
  return link;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, withBody: boolean): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, withBody ? { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } : { 'content-type': contentType });
  res.end(withBody ? body : undefined);
}

function sendSts(res: ServerResponse, result: StsResult): void {
  annotateRequest(res, { operation: result.operation, errorCode: result.errorCode });
  send(res, result.status, 'text/xml', result.body, true);
}

function sendS3Error(res: ServerResponse, req: IncomingMessage, requestId: string, hostId: string, error: ServiceError): void {
  annotateRequest(res, { errorCode: error.code });
  send(res, error.status, 'application/xml', s3ErrorXml(error.code, error.message, requestId, hostId, error.extra), req.method !== 'HEAD');
}

/** Passes a request body on with the bandwidth cap and the one-shot reset fault applied. */
function gateBody(req: IncomingMessage, res: ServerResponse, faults: FaultState, operation: string): ThrottleStream {
  const threshold = faults.resetThreshold(operation);
  const gate = new ThrottleStream(
    () => faults.get().bandwidthBytesPerSec,
    uplinkOf(req.socket),
    (total) => {
      if (threshold === undefined || total <= threshold || !faults.consumeReset()) return true;
      annotateRequest(res, { errorCode: 'ConnectionReset' });
      req.socket.destroy();
      return false;
    },
  );
  // A client that goes away surfaces to the reader of the gate as a stream error; nothing else to do here.
  pipeline(req, gate, () => undefined);
  return gate;
}

async function handleSts(parts: ServerParts, req: IncomingMessage, res: ServerResponse, raw: RawRequest, claim: ClaimResult, requestId: string): Promise<void> {
  res.setHeader('x-amzn-RequestId', requestId);
  const queryAction = new URLSearchParams(raw.rawQuery).get('Action') ?? 'Unknown';
  annotateRequest(res, { operation: queryAction });
  const body = await readAll(gateBody(req, res, parts.faults, queryAction), STS_BODY_LIMIT);
  if (res.destroyed) return;
  if (body === undefined) {
    sendSts(res, stsErrorResult(queryAction, 400, 'ValidationError', 'The request body is too large or incomplete.', requestId));
    return;
  }
  const params = new URLSearchParams(raw.rawQuery);
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value);
  const operation = params.get('Action') ?? 'Unknown';
  annotateRequest(res, { operation });
  const fail = (error: ServiceError): void => sendSts(res, stsErrorResult(operation, error.status, error.code, error.message, requestId));
  if (claim.kind === 'anonymous') return fail(STS_MISSING_AUTH);
  if (claim.kind === 'malformed') return fail({ status: 400, code: 'IncompleteSignature', message: claim.detail });
  annotateRequest(res, { accessKeyId: claim.claim.accessKeyId });
  const verified = await parts.verifier.verify({ request: raw, claim: claim.claim, bodySha256: createHash('sha256').update(body).digest('hex') });
  if (!verified.ok) return fail(stsAuthError(verified.failure));
  annotateRequest(res, { principal: verified.auth.principal.arn, accessKeyId: verified.auth.accessKeyId });
  if (parts.faults.takeStsThrottle()) return fail({ status: 400, code: 'Throttling', message: 'Rate exceeded' });
  const result = parts.sts.handle(params, verified.auth, requestId);
  // Console federation: it must know which sessions role chaining created (they may not set SessionDuration).
  federationFor(parts.clock, parts.verifier).noteStsResult(verified.auth.principal, result);
  sendSts(res, result);
}

/** Names the S3 operation, bucket and key in the log entry; returns the operation. */
function annotateS3Target(req: IncomingMessage, res: ServerResponse, raw: RawRequest): string {
  const target = s3Target(req.headers.host, raw.rawPath);
  const operation = s3OperationName(raw.method, safeQuery(raw.rawQuery), req.headers, target);
  annotateRequest(res, { operation, bucket: target.bucket, key: target.key });
  return operation;
}

async function handleS3(parts: ServerParts, req: IncomingMessage, res: ServerResponse, raw: RawRequest, claim: ClaimResult, requestId: string): Promise<void> {
  const hostId = newHostId();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', hostId);
  const operation = annotateS3Target(req, res, raw);
  if (claim.kind === 'anonymous') return sendS3Error(res, req, requestId, hostId, S3_ANONYMOUS);
  const error = (e: ServiceError): void => sendS3Error(res, req, requestId, hostId, e);
  if (claim.kind === 'malformed') return error({ status: 400, code: 'AuthorizationHeaderMalformed', message: claim.detail });
  annotateRequest(res, { accessKeyId: claim.claim.accessKeyId });
  const verified = await parts.verifier.verify({ request: raw, claim: claim.claim });
  if (res.destroyed) return;
  if (!verified.ok) return error(s3AuthError(verified.failure));
  annotateRequest(res, { principal: verified.auth.principal.arn, accessKeyId: verified.auth.accessKeyId });
  if (parts.faults.takeS3SlowDown()) return error({ status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' });
  const body = gateBody(req, res, parts.faults, operation);
  try {
    await parts.s3.handle(req, body, res, verified.auth);
  } catch {
    if (!res.headersSent) error({ status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' });
    else res.destroy();
  }
  // Drain what the service left unread so the keep-alive connection can carry the next request.
  if (!body.readableEnded && !body.destroyed) body.resume();
}

/** The request listener of the endpoint's HTTP server. */
export function createRequestHandler(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
    const raw: RawRequest = { method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders };
    const claim = claimSignature(raw);
    // Console federation (/federation) is unsigned: it authenticates the session credentials it is given. So are
    // SSO OIDC, the SSO portal (a bearer token) and the device approval page.
    const service = rawPath === FEDERATION_PATH ? 'federation' : ((claim.kind === 'anonymous' ? ssoRoute(raw) : undefined) ?? routeService(claim, raw));
    const requestId = newRequestId();
    // Clients correct their clock skew from this header, so it follows the endpoint's (injectable) clock.
    res.setHeader('Date', new Date(parts.clock.now()).toUTCString());
    void parts.log.track(res, service, async () => {
      if (parts.faults.get().refuseAll) {
        // Name what was refused, so a test can tell which call would have been made.
        if (service === 's3') annotateS3Target(req, res, raw);
        else if (service === 'sts') annotateRequest(res, { operation: new URLSearchParams(rawQuery).get('Action') ?? 'Unknown' });
        annotateRequest(res, { errorCode: 'ConnectionRefused' });
        req.socket.destroy();
        return;
      }
      await sleep(parts.faults.get().latencyMs ?? 0);
      if (res.destroyed) return;
      if (service === 'federation') return federationFor(parts.clock, parts.verifier).handle(req, res, raw);
      if (service === 'sso-oidc' || service === 'sso' || service === 'sso-device') return handleSso(parts.identityCenter, service, req, res, raw);
      if (service === 'sts') return handleSts(parts, req, res, raw, claim, requestId);
      if (service === 's3') return handleS3(parts, req, res, raw, claim, requestId);
      annotateRequest(res, { errorCode: 'UnknownService' });
      send(res, 400, 'text/xml', stsErrorXml('UnknownService', 'This endpoint answers STS and S3 only.', requestId), true);
    }).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/xml', stsErrorXml('InternalFailure', 'The endpoint failed to process the request.', requestId, 'Receiver'), true);
      else res.destroy();
    });
  };
}
