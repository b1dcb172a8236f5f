// SigV4 verification, header and presigned-URL forms: the endpoint rebuilds the canonical request from what the
// client says it signed (its SignedHeaders) and signs it again with @smithy/signature-v4, then compares in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { IdentityStore } from './identities';
import { NodeSha256 } from './nodeSha256';
import type { AuthContext, Clock } from './types';

export const EMPTY_SHA256 = createHash('sha256').digest('hex');
const ALGORITHM = 'AWS4-HMAC-SHA256';
const SKEW_MS = 15 * 60_000;
const MAX_PRESIGNED_SECONDS = 604_800;

/** Why a request was not authenticated; server-side code maps these to each service's error code and text. */
export type AuthFailure =
  | { kind: 'malformed'; detail: string }
  | { kind: 'skewed'; requestTime: string; requestTimeMs: number; serverTime: number }
  | { kind: 'presignExpired' }
  | { kind: 'presignTooLong' }
  | { kind: 'unknownKey'; accessKeyId: string }
  | { kind: 'badToken'; accessKeyId: string }
  | { kind: 'expiredToken'; accessKeyId: string }
  | { kind: 'badSignature'; accessKeyId: string }
  | { kind: 'missingContentSha256' };

/** The signature a request claims, parsed from the Authorization header or the X-Amz-* query parameters. */
export interface ClaimedSignature {
  presigned: boolean;
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** x-amz-date / X-Amz-Date, e.g. 20250101T120000Z. */
  amzDate: string;
  /** Presigned URLs only. */
  expiresSeconds?: number;
}

export type ClaimResult = { kind: 'anonymous' } | { kind: 'claimed'; claim: ClaimedSignature } | { kind: 'malformed'; service?: string; detail: string };

/** A request as the verifier needs it: raw path and query exactly as they arrived on the wire. */
export interface RawRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
}

/** Exposes the library's canonical-request and string-to-sign steps, which it keeps protected. */
class Resigner extends SignatureV4 {
  canonicalRequest(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM);
  }
}

/** Splits a raw query string into decoded parameters; a repeated name becomes a list, `?uploads` becomes ''. */
export function parseRawQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    const previous = query[name];
    if (previous === undefined) query[name] = value;
    else query[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseCredential(credential: string): Pick<ClaimedSignature, 'accessKeyId' | 'shortDate' | 'region' | 'service'> | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, shortDate, region, service] = parts;
  if (!accessKeyId || !shortDate || !/^\d{8}$/.test(shortDate) || !region || !service) return undefined;
  return { accessKeyId, shortDate, region, service };
}

/** Reads what a request claims about its signature without checking it (the server routes on the service). */
export function claimSignature(request: RawRequest): ClaimResult {
  const header = request.headers.authorization;
  if (header !== undefined) {
    if (!header.startsWith(`${ALGORITHM} `)) return { kind: 'malformed', detail: 'Unsupported Authorization Type' };
    const fields: Record<string, string> = {};
    for (const piece of header.slice(ALGORITHM.length + 1).split(',')) {
      const eq = piece.indexOf('=');
      if (eq > 0) fields[piece.slice(0, eq).trim()] = piece.slice(eq + 1).trim();
    }
    const credential = fields.Credential ? parseCredential(fields.Credential) : undefined;
    const amzDate = first(request.headers['x-amz-date']);
    if (!credential) return { kind: 'malformed', detail: "Authorization header requires 'Credential' parameter of the form <key>/<date>/<region>/<service>/aws4_request." };
    if (!fields.SignedHeaders) return { kind: 'malformed', service: credential.service, detail: "Authorization header requires 'SignedHeaders' parameter." };
    if (!fields.Signature) return { kind: 'malformed', service: credential.service, detail: "Authorization header requires 'Signature' parameter." };
    if (!amzDate) return { kind: 'malformed', service: credential.service, detail: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
    return {
      kind: 'claimed',
      claim: { presigned: false, ...credential, signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature, amzDate },
    };
  }
  let query: Record<string, string | string[]>;
  try {
    query = parseRawQuery(request.rawQuery);
  } catch {
    return { kind: 'anonymous' };
  }
  if (first(query['X-Amz-Algorithm']) === undefined && first(query['X-Amz-Credential']) === undefined) return { kind: 'anonymous' };
  const credential = parseCredential(first(query['X-Amz-Credential']) ?? '');
  if (first(query['X-Amz-Algorithm']) !== ALGORITHM) return { kind: 'malformed', service: credential?.service, detail: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"' };
  if (!credential) return { kind: 'malformed', detail: 'Error parsing the X-Amz-Credential parameter; the credential is mal-formed.' };
  const signedHeaders = first(query['X-Amz-SignedHeaders']);
  const signature = first(query['X-Amz-Signature']);
  const amzDate = first(query['X-Amz-Date']);
  const expires = first(query['X-Amz-Expires']);
  if (!signedHeaders || !signature || !amzDate || expires === undefined || !/^\d+$/.test(expires)) {
    return {
      kind: 'malformed',
      service: credential.service,
      detail: 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    };
  }
  return {
    kind: 'claimed',
    claim: { presigned: true, ...credential, signedHeaders: signedHeaders.split(';'), signature, amzDate, expiresSeconds: Number(expires) },
  };
}

/** 20250101T120000Z → epoch ms, or undefined when not in that exact form. */
export function parseAmzDate(amzDate: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Epoch ms → 20250101T120000Z. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** The values of the headers the client signed, several occurrences joined by commas as SigV4 specifies. */
function signedHeaderValues(request: RawRequest, names: string[]): Record<string, string> | undefined {
  const wanted = new Set(names);
  const values: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    if (wanted.has(name)) (values[name] ??= []).push(request.rawHeaders[i + 1] ?? '');
  }
  const out: Record<string, string> = {};
  for (const name of names) {
    const list = values[name];
    if (!list) return undefined;
    out[name] = list.map((value) => value.trim()).join(',');
  }
  return out;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface VerifyInput {
  request: RawRequest;
  claim: ClaimedSignature;
  /** sha256 hex of the body the server already buffered (STS); undefined when the body is streamed on (S3). */
  bodySha256?: string;
}

export type VerifyResult = { ok: true; auth: AuthContext; sessionToken?: string } | { ok: false; failure: AuthFailure };

export class SigV4Verifier {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
  ) {}

  async verify({ request, claim, bodySha256 }: VerifyInput): Promise<VerifyResult> {
    const fail = (failure: AuthFailure): VerifyResult => ({ ok: false, failure });
    const signedAt = parseAmzDate(claim.amzDate);
    if (signedAt === undefined) return fail({ kind: 'malformed', detail: `Invalid date format of X-Amz-Date header: ${claim.amzDate}` });
    const now = this.clock.now();
    if (claim.presigned) {
      const expires = claim.expiresSeconds ?? 0;
      if (expires > MAX_PRESIGNED_SECONDS) return fail({ kind: 'presignTooLong' });
      if (signedAt - now > SKEW_MS) return fail({ kind: 'skewed', requestTime: claim.amzDate, requestTimeMs: signedAt, serverTime: now });
      if (now > signedAt + expires * 1000) return fail({ kind: 'presignExpired' });
    } else if (Math.abs(now - signedAt) > SKEW_MS) {
      return fail({ kind: 'skewed', requestTime: claim.amzDate, requestTimeMs: signedAt, serverTime: now });
    }

    const query = (() => {
      try {
        return parseRawQuery(request.rawQuery);
      } catch {
        return undefined;
      }
    })();
    if (!query) return fail({ kind: 'badSignature', accessKeyId: claim.accessKeyId });

    const found = this.store.lookup(claim.accessKeyId);
    if (!found) return fail({ kind: 'unknownKey', accessKeyId: claim.accessKeyId });
    const sessionToken = first(request.headers['x-amz-security-token']) ?? first(query['X-Amz-Security-Token']);
    if (found.kind === 'user' && sessionToken !== undefined) return fail({ kind: 'badToken', accessKeyId: claim.accessKeyId });
    if (found.kind === 'session' && !this.store.tokenMatches(found.session, sessionToken)) return fail({ kind: 'badToken', accessKeyId: claim.accessKeyId });

    let payloadHash: string;
    const claimedSha = first(request.headers['x-amz-content-sha256']);
    if (claim.service === 's3') {
      if (claim.presigned) payloadHash = first(query['X-Amz-Content-Sha256']) ?? 'UNSIGNED-PAYLOAD';
      else if (claimedSha === undefined) return fail({ kind: 'missingContentSha256' });
      else payloadHash = claimedSha;
    } else {
      const actual = bodySha256 ?? EMPTY_SHA256;
      if (claimedSha !== undefined && claimedSha !== actual) return fail({ kind: 'badSignature', accessKeyId: claim.accessKeyId });
      payloadHash = actual;
    }

    const headers = signedHeaderValues(request, claim.signedHeaders);
    if (!headers || !claim.signedHeaders.includes('host')) return fail({ kind: 'badSignature', accessKeyId: claim.accessKeyId });
    const resigner = new Resigner({
      service: claim.service,
      region: claim.region,
      credentials: { accessKeyId: claim.accessKeyId, secretAccessKey: found.secretAccessKey },
      sha256: NodeSha256,
      // S3 signs the path exactly as sent; every other service normalises and escapes it once more.
      uriEscapePath: claim.service !== 's3',
      applyChecksum: false,
    });
    const httpRequest = { method: request.method, protocol: 'http:', hostname: '', path: request.rawPath, query, headers } as HttpRequest;
    const canonicalHeaders = getCanonicalHeaders(httpRequest, undefined, new Set(claim.signedHeaders)) as Record<string, string>;
    const canonical = resigner.canonicalRequest(httpRequest, canonicalHeaders, payloadHash);
    const scope = `${claim.shortDate}/${claim.region}/${claim.service}/aws4_request`;
    const stringToSign = await resigner.stringToSign(claim.amzDate, scope, canonical);
    const expected = await resigner.sign(stringToSign, { signingDate: new Date(signedAt), signingRegion: claim.region, signingService: claim.service });
    // The scope date must be the day of the signing time; otherwise the derived key differs and so does the signature.
    if (claim.shortDate !== claim.amzDate.slice(0, 8) || !constantTimeEqual(expected, claim.signature)) {
      return fail({ kind: 'badSignature', accessKeyId: claim.accessKeyId });
    }
    if (found.kind === 'session' && this.store.isExpired(found.session)) return fail({ kind: 'expiredToken', accessKeyId: claim.accessKeyId });

    return {
      ok: true,
      sessionToken,
      auth: { principal: found.principal, accessKeyId: claim.accessKeyId, region: claim.region, payloadHash, presigned: claim.presigned },
    };
  }
}
