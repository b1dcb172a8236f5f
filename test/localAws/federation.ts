// The console sign-in federation endpoint (/federation), so the console sign-in flow is tested end to end:
// getSigninToken takes a role session's credentials (Session={"sessionId","sessionKey","sessionToken"}), checks
// them against the endpoint's own credential store, refuses SessionDuration for sessions made by role chaining
// (as AWS does) and answers {"SigninToken":"…"}; login with a valid SigninToken redirects (302) to Destination.
// Requests are unsigned: the credentials travel inside the Session parameter. Neither the Session nor the
// SigninToken is written to the request log.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './nodeSha256';
import { readText } from './readBody';
import { annotateRequest } from './requestLog';
import { claimSignature, type RawRequest, type SigV4Verifier } from './sigv4';
import type { StsResult } from './sts';
import type { Clock, Principal } from './types';

export const FEDERATION_PATH = '/federation';
/** AWS sign-in tokens are valid for 15 minutes. */
export const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;
const BODY_LIMIT = 64 * 1024;
const MIN_SESSION_DURATION = 900;
const MAX_SESSION_DURATION = 43200;

interface IssuedToken {
  principalArn: string;
  expiresAt: number;
}

type Outcome = { status: number; body: string; contentType?: string; location?: string; errorCode?: string };

const error = (status: number, errorCode: string, message: string): Outcome => ({ status, errorCode, body: message, contentType: 'text/plain' });

export class LocalFederation {
  /** Access key ids of sessions that a role session created (role chaining). */
  private readonly chained = new Set<string>();
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock,
    private readonly verifier: SigV4Verifier,
  ) {}

  /** Called by the server after each STS answer: a session issued to an assumed-role caller is a chained one. */
  noteStsResult(caller: Principal, result: StsResult): void {
    if (result.operation !== 'AssumeRole' || result.status !== 200 || caller.kind !== 'assumed-role') return;
    const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(result.body)?.[1];
    if (accessKeyId) this.chained.add(accessKeyId);
  }

  async handle(req: IncomingMessage, res: ServerResponse, raw: RawRequest): Promise<void> {
    const params = new URLSearchParams(raw.rawQuery);
    if (req.method === 'POST') {
      const body = await readText(req, BODY_LIMIT);
      if (body === undefined) return this.send(res, error(400, 'InvalidRequest', 'The request body is too large.'));
      for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
    } else if (req.method !== 'GET') {
      return this.send(res, error(405, 'MethodNotAllowed', 'Use GET or POST.'));
    }
    const action = params.get('Action') ?? '';
    annotateRequest(res, { operation: action || 'Unknown' });
    if (action === 'getSigninToken') return this.send(res, await this.getSigninToken(params, res));
    if (action === 'login') return this.send(res, this.login(params));
    this.send(res, error(400, 'InvalidAction', 'Action must be getSigninToken or login.'));
  }

  private send(res: ServerResponse, outcome: Outcome): void {
    if (outcome.errorCode) annotateRequest(res, { errorCode: outcome.errorCode });
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = { 'content-type': outcome.contentType ?? 'application/json', 'content-length': Buffer.byteLength(outcome.body), 'cache-control': 'no-store' };
    if (outcome.location) headers.location = outcome.location;
    res.writeHead(outcome.status, headers);
    res.end(outcome.body);
  }

  private async getSigninToken(params: URLSearchParams, res: ServerResponse): Promise<Outcome> {
    const sessionText = params.get('Session');
    if (sessionText === null) return error(400, 'MissingParameter', 'The Session parameter is required.');
    let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
    try {
      session = JSON.parse(sessionText) as typeof session;
    } catch {
      return error(400, 'InvalidParameter', 'Invalid Session parameter: not JSON.');
    }
    const { sessionId, sessionKey, sessionToken } = session ?? {};
    if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string' || !sessionId || !sessionKey || !sessionToken) {
      return error(400, 'InvalidParameter', 'Invalid Session parameter: sessionId, sessionKey and sessionToken are required.');
    }
    annotateRequest(res, { accessKeyId: sessionId });

    const principal = await this.authenticate(sessionId, sessionKey, sessionToken);
    if (principal === 'expired') return error(403, 'ExpiredToken', 'The session credentials have expired.');
    if (principal === undefined) return error(403, 'InvalidCredentials', 'The session credentials are not valid.');
    annotateRequest(res, { principal: principal.arn });
    if (principal.kind !== 'assumed-role') return error(403, 'InvalidCredentials', 'Sign-in needs temporary credentials from AssumeRole, not long-term user keys.');

    const durationText = params.get('SessionDuration');
    if (durationText !== null) {
      const duration = Number(durationText);
      if (!/^\d+$/.test(durationText) || duration < MIN_SESSION_DURATION || duration > MAX_SESSION_DURATION) {
        return error(400, 'InvalidParameter', `SessionDuration must be ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION} seconds.`);
      }
      // AWS: a console session cannot be extended beyond a role-chained session's own one-hour life.
      if (this.chained.has(sessionId)) return error(400, 'InvalidParameter', 'Invalid credentials parameter: SessionDuration cannot be used with credentials obtained by role chaining.');
    }
    const token = randomBytes(96).toString('base64url');
    this.tokens.set(token, { principalArn: principal.arn, expiresAt: this.clock.now() + SIGNIN_TOKEN_TTL_MS });
    return { status: 200, body: JSON.stringify({ SigninToken: token }) };
  }

  private login(params: URLSearchParams): Outcome {
    const destination = params.get('Destination');
    const token = params.get('SigninToken');
    if (!destination || !token) return error(400, 'MissingParameter', 'Destination and SigninToken are required.');
    let url: URL;
    try {
      url = new URL(destination);
    } catch {
      return error(400, 'InvalidParameter', 'Destination must be a URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return error(400, 'InvalidParameter', 'Destination must be an http(s) URL.');
    const issued = this.tokens.get(token);
    if (!issued || this.clock.now() >= issued.expiresAt) return error(403, 'InvalidSigninToken', 'The sign-in token is not valid or has expired.');
    return { status: 302, body: '', contentType: 'text/plain', location: url.toString() };
  }

  /**
   * Checks the three values against the credential store the way every other request is checked: a request
   * signed with them goes through the endpoint's own SigV4 verifier (key, secret, session token, expiry).
   */
  private async authenticate(accessKeyId: string, secretAccessKey: string, sessionToken: string): Promise<Principal | 'expired' | undefined> {
    const host = 'federation.local';
    const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: { accessKeyId, secretAccessKey, sessionToken }, sha256: NodeSha256, applyChecksum: false });
    const query = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
    const signed = await signer.sign(
      { method: 'GET', protocol: 'http:', hostname: host, path: '/', query, headers: { host } },
      { signingDate: new Date(this.clock.now()) },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
    const raw: RawRequest = {
      method: 'GET',
      rawPath: '/',
      rawQuery: new URLSearchParams(query).toString(),
      headers,
      rawHeaders: Object.entries(headers).flat(),
    };
    const claim = claimSignature(raw);
    if (claim.kind !== 'claimed') return undefined;
    const result = await this.verifier.verify({ request: raw, claim: claim.claim, bodySha256: createHash('sha256').digest('hex') });
    if (result.ok) return result.auth.principal;
    return result.failure.kind === 'expiredToken' ? 'expired' : undefined;
  }
}

/** One federation endpoint per local endpoint (keyed by its verifier), so the STS hook and the route share state. */
const instances = new WeakMap<SigV4Verifier, LocalFederation>();

export function federationFor(clock: Clock, verifier: SigV4Verifier): LocalFederation {
  let federation = instances.get(verifier);
  if (!federation) {
    federation = new LocalFederation(clock, verifier);
    instances.set(verifier, federation);
  }
  return federation;
}
