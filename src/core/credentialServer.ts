// The loopback endpoint behind "Open Terminal with Chain Credentials": AWS SDKs and the CLI in such a terminal
// fetch a chain step's temporary credentials in the container credentials format
// (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), so no key or session token ever
// sits in the terminal's environment, its history or a file. Each terminal gets its own random token; tokens
// are revoked on sign-out or when the terminal closes. Credentials are looked up on every request, so a chain
// that was run again is what the next request gets.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The body the AWS SDKs and the CLI expect from a container credentials endpoint. */
export interface ContainerCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  /** RFC 3339, e.g. 2025-01-01T12:00:00Z. */
  Expiration: string;
}

/** What a token was issued for. */
export interface CredentialGrant {
  chainName: string;
  stepIndex: number; // 0-based
}

/** One line per request for the log: never the token or the credentials. */
export interface CredentialRequestEvent {
  status: number;
  reason: 'served' | 'missing-token' | 'unknown-token' | 'no-session' | 'bad-request' | 'failed';
  chainName?: string;
  stepIndex?: number;
}

export interface CredentialServerOptions {
  /** The current credentials of a step, or undefined when its chain is not signed in (or has expired). */
  getCredentials(grant: CredentialGrant): Promise<ContainerCredentials | undefined>;
  onRequest?(event: CredentialRequestEvent): void;
  /** Default 0: a free port. */
  port?: number;
}

export interface CredentialServer {
  /** http://127.0.0.1:<port>/credentials */
  readonly url: string;
  readonly port: number;
  /** A new random token (32 bytes, hex) for one terminal. */
  issueToken(chainName: string, stepIndex: number): string;
  revokeToken(token: string): boolean;
  /** Revokes every token of a chain (sign-out); returns how many. */
  revokeChain(chainName: string): number;
  /** Revokes all tokens (sign out of all chains). */
  revokeAll(): number;
  /** How many tokens are live (for tests and the log). */
  tokenCount(): number;
  close(): Promise<void>;
}

export const CREDENTIALS_PATH = '/credentials';
const HOST = '127.0.0.1';

/** Tokens are kept only as hashes: a lookup by hash does not leak the token through timing, and a heap dump holds no token. */
function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    // Credentials must not be kept by anything between the process and this endpoint.
    'cache-control': 'no-store',
  });
  res.end(text);
}

function isCredentials(v: ContainerCredentials | undefined): v is ContainerCredentials {
  return (
    v !== undefined &&
    [v.AccessKeyId, v.SecretAccessKey, v.Token, v.Expiration].every((x) => typeof x === 'string' && x !== '') &&
    !Number.isNaN(Date.parse(v.Expiration))
  );
}

/** Starts the endpoint on 127.0.0.1 (a free port by default); resolves once it listens. */
export async function startCredentialServer(opts: CredentialServerOptions): Promise<CredentialServer> {
  const grants = new Map<string, CredentialGrant>();
  const notify = (event: CredentialRequestEvent): void => {
    try {
      opts.onRequest?.(event);
    } catch {
      // Logging must never break serving credentials.
    }
  };
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const fail = (status: number, reason: CredentialRequestEvent['reason'], code: string, message: string, grant?: CredentialGrant): void => {
      notify({ status, reason, ...grant });
      sendJson(res, status, { Code: code, Message: message });
    };
    const path = (req.url ?? '').split('?')[0];
    const host = req.headers.host ?? '';
    // Only local processes, addressing us by the loopback name they were given: a browser page that reached this
    // port through DNS rebinding carries another Host, or an Origin.
    if (req.method !== 'GET' || path !== CREDENTIALS_PATH || (host !== `${HOST}:${port}` && host !== `localhost:${port}`) || req.headers.origin !== undefined) {
      return fail(400, 'bad-request', 'InvalidRequest', `Only GET ${CREDENTIALS_PATH} from a local AWS SDK or CLI is served here.`);
    }
    const auth = req.headers.authorization;
    if (auth === undefined || auth === '') {
      return fail(401, 'missing-token', 'MissingToken', 'Set AWS_CONTAINER_AUTHORIZATION_TOKEN: this terminal was not opened with chain credentials.');
    }
    const grant = grants.get(hashToken(auth));
    if (!grant) {
      return fail(403, 'unknown-token', 'AccessDenied', 'This token is not valid or was revoked (sign-out or closed terminal): open a new terminal with chain credentials.');
    }
    let credentials: ContainerCredentials | undefined;
    try {
      credentials = await opts.getCredentials({ ...grant });
    } catch {
      // The cause may hold details of the session; the extension's log has it, the client gets none.
      return fail(500, 'failed', 'InternalError', 'The credentials could not be read; see the AWS Role Chains log.', grant);
    }
    if (!isCredentials(credentials)) {
      return fail(404, 'no-session', 'NoSession', `Chain "${grant.chainName}" is not signed in or its session expired: run it again in VS Code.`, grant);
    }
    notify({ status: 200, reason: 'served', ...grant });
    sendJson(res, 200, { AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, Token: credentials.Token, Expiration: credentials.Expiration });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { Code: 'InternalError', Message: 'The credentials endpoint failed.' });
      else res.destroy();
    });
  });
  // Credential requests are tiny: slow or idle clients are cut off rather than holding sockets open.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('The credentials endpoint did not get a TCP port.');
  }
  port = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}${CREDENTIALS_PATH}`,
    port,
    issueToken(chainName, stepIndex) {
      if (!Number.isInteger(stepIndex) || stepIndex < 0) throw new Error('stepIndex must be a 0-based step number.');
      const token = randomBytes(32).toString('hex');
      grants.set(hashToken(token), { chainName, stepIndex });
      return token;
    },
    revokeToken: (token) => grants.delete(hashToken(token)),
    revokeChain(chainName) {
      let n = 0;
      for (const [hash, grant] of grants) {
        if (grant.chainName === chainName) {
          grants.delete(hash);
          n++;
        }
      }
      return n;
    },
    revokeAll() {
      const n = grants.size;
      grants.clear();
      return n;
    },
    tokenCount: () => grants.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        grants.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** How often a rejected request may reach the log: anyone on the machine can send them. */
export const REJECTION_LOG_INTERVAL_MS = 60_000;

export interface RequestLoggerOptions {
  clock: { now(): number };
  write(level: 'debug' | 'info', line: string): void;
  intervalMs?: number;
}

/**
 * The endpoint's `onRequest` for the log: every served request at debug level; rejected ones (any local process can
 * send them, as fast as it likes) at most once per interval, with how many there were since the last such line.
 */
export function requestLogger(opts: RequestLoggerOptions): (event: CredentialRequestEvent) => void {
  const interval = opts.intervalMs ?? REJECTION_LOG_INTERVAL_MS;
  let lastLogged: number | undefined;
  let unlogged = 0;
  return (e) => {
    const who = e.chainName === undefined ? '' : ` for ${e.chainName} step ${(e.stepIndex ?? 0) + 1}`;
    const line = `Terminal credentials request${who}: ${e.status} ${e.reason}`;
    if (e.status === 200) {
      opts.write('debug', line);
      return;
    }
    unlogged++;
    const now = opts.clock.now();
    if (lastLogged !== undefined && now - lastLogged < interval) return;
    const count = unlogged === 1 ? '' : ` (${unlogged} rejected requests since the last such line)`;
    opts.write('info', `${line}${count}`);
    lastLogged = now;
    unlogged = 0;
  };
}

export interface TerminalEnvOptions {
  /**
   * A path that does not exist, given as both shared AWS files: the CLI and the SDKs prefer a default profile in
   * ~/.aws (keys, SSO, credential_process) over container credentials, so hiding the files makes the chain's
   * credentials the ones used. Unset: the terminal keeps the person's profiles (and `--profile` still works).
   */
  hideSharedFilesAt?: string;
}

/** The environment of a terminal using this endpoint: where to fetch credentials, the token, the region. Nothing secret besides the revocable token. */
export function terminalEnv(server: Pick<CredentialServer, 'url'>, token: string, region: string, opts: TerminalEnvOptions = {}): Record<string, string> {
  const env: Record<string, string> = {
    AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
  if (opts.hideSharedFilesAt !== undefined) {
    env.AWS_CONFIG_FILE = opts.hideSharedFilesAt;
    env.AWS_SHARED_CREDENTIALS_FILE = opts.hideSharedFilesAt;
  }
  return env;
}

/**
 * Variables to clear in such a terminal, so that credentials or profiles inherited from VS Code's own
 * environment do not take precedence over the chain's (the SDKs and the CLI read these first).
 */
export const SHADOWING_ENV_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
] as const;

/** The session step's credentials in the endpoint's format (Expiration with second precision, as AWS writes it). */
export function toContainerCredentials(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number }): ContainerCredentials {
  return {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    Token: c.sessionToken,
    Expiration: new Date(c.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
