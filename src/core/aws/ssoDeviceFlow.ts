// IAM Identity Center sign-in by the OAuth device authorization grant (RFC 8628), as the AWS CLI's `aws sso login`
// does it: register a public client (or reuse one still valid), start the authorization, hand the user code and
// verificationUriComplete to the caller (who shows the code and opens the page), then poll CreateToken, waiting the
// interval AWS names and five seconds more after each slow_down, until the user allows or denies, the code expires
// or the caller aborts. Effects are injected (the OIDC client, the clock, sleep, the AbortSignal); the tokens it
// returns are secrets: nothing here logs them or puts them in a message.
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { Clock } from '../clock';
import { CancelledError, RoleChainError, errorName } from '../errors';
import { isLoopbackHost } from '../validation';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The scope that lets the token reach the portal; a client registered with it also gets refresh tokens. */
export const SSO_ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
/** RFC 8628 §3.5: the interval grows by five seconds after every slow_down. */
const SLOW_DOWN_STEP_MS = 5000;
/** RFC 8628's default when the server names no interval. */
const DEFAULT_INTERVAL_S = 5;
/** A registration that expires sooner than this is not reused: it could lapse mid-flow. */
const CLIENT_REUSE_MARGIN_MS = 15 * 60_000;

/** A registered OIDC client; its secret is a credential. */
export interface SsoClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface SsoTokens {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
  client: SsoClientRegistration;
}

export interface SsoDeviceFlowInput {
  startUrl: string;
  /** The name AWS shows for the application (RegisterClient's clientName). */
  clientName: string;
  /** A registration kept from an earlier sign-in, reused while it stays valid. */
  client?: SsoClientRegistration;
}

export interface SsoDeviceFlowDeps {
  oidc: Pick<SSOOIDCClient, 'send'>;
  clock: Clock;
  /** Waits `ms`; rejects (or resolves early) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  signal?: AbortSignal;
  /** Called once the authorization started: show the code, open the page. The flow polls after it returns. */
  onUserCode(userCode: string, verificationUriComplete: string): void | Promise<void>;
}

function isOpenablePage(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Identity Center sign-in cancelled.');
}

async function registration(input: SsoDeviceFlowInput, deps: SsoDeviceFlowDeps): Promise<SsoClientRegistration> {
  if (input.client && input.client.expiresAt - CLIENT_REUSE_MARGIN_MS > deps.clock.now()) return input.client;
  const out = await deps.oidc.send(new RegisterClientCommand({ clientName: input.clientName, clientType: 'public', scopes: [SSO_ACCOUNT_ACCESS_SCOPE] }), {
    abortSignal: deps.signal,
  });
  if (!out.clientId || !out.clientSecret || out.clientSecretExpiresAt === undefined) {
    throw new RoleChainError('aws', 'Identity Center did not register the client: its answer had no client id or secret.');
  }
  return { clientId: out.clientId, clientSecret: out.clientSecret, expiresAt: out.clientSecretExpiresAt * 1000 };
}

/** Runs the device flow to its tokens; throws CancelledError on abort and RoleChainError when denied or expired. */
export async function runSsoDeviceFlow(input: SsoDeviceFlowInput, deps: SsoDeviceFlowDeps): Promise<SsoTokens> {
  const { oidc, clock, signal } = deps;
  try {
    throwIfAborted(signal);
    const client = await registration(input, deps);
    const auth = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: input.startUrl }), {
      abortSignal: signal,
    });
    if (!auth.deviceCode || !auth.userCode || !auth.verificationUriComplete) {
      throw new RoleChainError('aws', 'Identity Center did not start the sign-in: its answer had no device or user code.');
    }
    // The page is handed to the system browser: only an https page (or http on this machine) is ever opened, never a
    // command:, file: or vscode: link an endpoint might answer with.
    if (!isOpenablePage(auth.verificationUriComplete)) {
      throw new RoleChainError('aws', 'Identity Center answered with a sign-in page that is not an https address, so it is not opened. Check roleChains.endpoints.sso.');
    }
    const deadline = clock.now() + (auth.expiresIn ?? 600) * 1000;
    let intervalMs = (auth.interval ?? DEFAULT_INTERVAL_S) * 1000;
    throwIfAborted(signal);
    await deps.onUserCode(auth.userCode, auth.verificationUriComplete);
    for (;;) {
      throwIfAborted(signal);
      await deps.sleep(intervalMs, signal);
      throwIfAborted(signal);
      try {
        const token = await oidc.send(
          new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_CODE_GRANT_TYPE, deviceCode: auth.deviceCode }),
          { abortSignal: signal },
        );
        if (!token.accessToken) throw new RoleChainError('aws', 'Identity Center answered the sign-in without an access token.');
        return { accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: clock.now() + (token.expiresIn ?? 0) * 1000, client };
      } catch (e) {
        const name = errorName(e);
        if (name === 'SlowDownException') intervalMs += SLOW_DOWN_STEP_MS;
        else if (name !== 'AuthorizationPendingException') throw e;
      }
      // Stop where the code expires rather than poll on for an answer that can only be expired_token.
      if (clock.now() >= deadline) throw expired();
    }
  } catch (e) {
    throw translate(e, signal);
  }
}

function expired(): RoleChainError {
  return new RoleChainError('expired-credentials', 'The Identity Center sign-in code expired before it was approved. Run the chain again for a new code.', {
    awsCode: 'ExpiredTokenException',
  });
}

function translate(e: unknown, signal: AbortSignal | undefined): unknown {
  const name = errorName(e);
  if (signal?.aborted || name === 'AbortError' || name === 'CancelledError') return e instanceof CancelledError ? e : new CancelledError('Identity Center sign-in cancelled.');
  if (name === 'ExpiredTokenException') return expired();
  if (name === 'AccessDeniedException') {
    return new RoleChainError('access-denied', 'The Identity Center sign-in was denied in the browser.', { awsCode: name, cause: e });
  }
  return e;
}
