// Base credentials from IAM Identity Center, signed in by the extension itself: a stored access token while it is
// valid, else its refresh token (rotated, as the service hands out single-use ones), else the device flow — then the
// portal's account and role (listed and asked for where the base names none) and GetRoleCredentials. Tokens go to
// and come from an injected store (SecretStorage in VS Code); nothing here writes a file, logs or puts a token in a
// message.
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, type SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { Clock } from '../clock';
import { CancelledError, RoleChainError, errorName } from '../errors';
import { SingleFlight } from '../singleFlight';
import type { BaseCredentials } from './baseCredentials';
import { runSsoDeviceFlow, type SsoTokens } from './ssoDeviceFlow';
import type { SsoTarget } from './ssoTarget';

/** An access token closer than this to its expiry is refreshed first: a run can take minutes of prompts. */
const ACCESS_TOKEN_MARGIN_MS = 5 * 60_000;
/** Bounds the portal's paging (100 pages of accounts is far beyond any organisation's assignment list). */
const MAX_PAGES = 100;
export const SSO_CLIENT_NAME = 'aws-role-chains';

/** Where tokens live between runs, one entry per portal (see ssoTokenKey). */
export interface SsoTokenStoreLike {
  get(key: string): Promise<SsoTokens | undefined>;
  set(key: string, tokens: SsoTokens): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SsoAccountChoice {
  accountId: string;
  accountName?: string;
  emailAddress?: string;
}

export interface SsoPromptContext {
  chainName: string;
  startUrl: string;
}

/** What the person sees and answers during an Identity Center sign-in. */
export interface SsoPrompts {
  /**
   * Shows the user code (to compare with the browser page) and opens the verification page; the flow polls once it
   * resolves. Not called when `interactive` is false.
   */
  showUserCode(ctx: SsoPromptContext & { userCode: string; verificationUri: string }): Promise<void>;
  /** Picks an account when the base names none and the portal lists more than one; undefined = cancelled. */
  pickAccount(ctx: SsoPromptContext, accounts: SsoAccountChoice[]): Promise<string | undefined>;
  /** Picks a permission set when the base names none and the account has more than one; undefined = cancelled. */
  pickRole(ctx: SsoPromptContext & { accountId: string }, roles: string[]): Promise<string | undefined>;
}

/** The base credentials, and which account and permission set they are of (named in advice when a step fails). */
export interface SsoRoleCredentials {
  credentials: BaseCredentials;
  accountId: string;
  roleName: string;
}

export interface SsoSignInDeps {
  tokens: SsoTokenStoreLike;
  prompts: SsoPrompts;
  oidc: Pick<SSOOIDCClient, 'send'>;
  portal: Pick<SSOClient, 'send'>;
  clock: Clock;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  signal?: AbortSignal;
  /** False for a background refresh: a stored or refreshed token is used, but no sign-in is started. */
  interactive?: boolean;
  /** Told where the sign-in is, for the progress notification and the log. Never given a token. */
  onPhase?(phase: 'token' | 'refreshing' | 'waiting-for-browser' | 'role-credentials'): void;
}

/**
 * The store key of a portal's tokens: one sign-in serves every chain on the same start URL and region. An endpoint
 * override is part of it, so tokens AWS issued are never sent to another server, nor another server's to AWS.
 */
export function ssoTokenKey(target: Pick<SsoTarget, 'startUrl' | 'region' | 'endpoint'>): string {
  const portal = `${target.region} ${target.startUrl.replace(/\/+$/, '')}`;
  return target.endpoint ? `${portal} via ${target.endpoint}` : portal;
}

/** Answers that mean "this token or grant is no good": drop it and sign in again, never retry it. */
const REJECTED_GRANT = new Set(['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException', 'AccessDeniedException', 'UnauthorizedException']);

function isAborted(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || errorName(e) === 'AbortError' || e instanceof CancelledError;
}

function cancelled(): CancelledError {
  return new CancelledError('Identity Center sign-in cancelled; nothing was stored.');
}

/**
 * One sign-in per portal at a time in this window: two chains on one portal starting together share the refresh or
 * the device flow (one code to allow), instead of spending the same single-use refresh token twice.
 */
const signIns = new SingleFlight<{ tokens: SsoTokens; fresh: boolean }>();

/**
 * A valid access token for the target's portal: the stored one, a refreshed one or a new sign-in, stored before it is
 * returned. `rejected`: an access token the portal just refused, never returned again. `fresh` tells whether the
 * person just signed in (so a rejection of it is not worth another sign-in).
 */
function accessToken(target: SsoTarget, ctx: SsoPromptContext, deps: SsoSignInDeps, rejected?: string): Promise<{ tokens: SsoTokens; fresh: boolean }> {
  const key = ssoTokenKey(target);
  return signIns.run(key, () => signIn(key, target, ctx, deps, rejected));
}

async function signIn(key: string, target: SsoTarget, ctx: SsoPromptContext, deps: SsoSignInDeps, rejected: string | undefined): Promise<{ tokens: SsoTokens; fresh: boolean }> {
  const now = deps.clock.now();
  const stored = await deps.tokens.get(key);
  const usable = (t: SsoTokens): boolean => t.accessToken !== rejected && t.expiresAt - ACCESS_TOKEN_MARGIN_MS > now;
  if (stored && usable(stored)) return { tokens: stored, fresh: false };
  deps.onPhase?.('token');

  // A client the service no longer knows cannot start a sign-in either: register a new one then.
  let clientRefused = false;
  if (stored?.refreshToken && stored.client.expiresAt > now) {
    deps.onPhase?.('refreshing');
    try {
      const out = await deps.oidc.send(
        new CreateTokenCommand({ clientId: stored.client.clientId, clientSecret: stored.client.clientSecret, grantType: 'refresh_token', refreshToken: stored.refreshToken }),
        { abortSignal: deps.signal },
      );
      if (out.accessToken) {
        // The service rotates refresh tokens: the old one is spent, so only the answer's (if any) is kept.
        const tokens: SsoTokens = { accessToken: out.accessToken, refreshToken: out.refreshToken, expiresAt: deps.clock.now() + (out.expiresIn ?? 0) * 1000, client: stored.client };
        await deps.tokens.set(key, tokens);
        return { tokens, fresh: false };
      }
    } catch (e) {
      if (isAborted(e, deps.signal)) throw cancelled();
      if (!REJECTED_GRANT.has(errorName(e) ?? '')) throw portalError(e, target, 'refresh the sign-in');
      clientRefused = errorName(e) === 'InvalidClientException';
      // Another window may have spent it first and stored what it got: use that. Otherwise the refused refresh token
      // goes, so the next run does not try it again (and only it: never a newer sign-in stored meanwhile).
      const current = await deps.tokens.get(key);
      if (current && usable(current)) return { tokens: current, fresh: false };
      if (current?.refreshToken === stored.refreshToken) await deps.tokens.delete(key);
    }
  }

  if (deps.interactive === false) {
    throw new CancelledError(`The Identity Center sign-in for ${target.label} has ended: run the chain to sign in again.`);
  }
  deps.onPhase?.('waiting-for-browser');
  const tokens = await runSsoDeviceFlow(
    { startUrl: target.startUrl, clientName: SSO_CLIENT_NAME, client: stored && !clientRefused && stored.client.expiresAt > now ? stored.client : undefined },
    {
      oidc: deps.oidc,
      clock: deps.clock,
      sleep: deps.sleep,
      signal: deps.signal,
      onUserCode: (userCode, verificationUri) => deps.prompts.showUserCode({ ...ctx, userCode, verificationUri }),
    },
  );
  await deps.tokens.set(key, tokens);
  return { tokens, fresh: true };
}

/** Runs a portal call with a valid token; a token the portal refuses is replaced once (refresh or sign-in). */
async function withToken<T>(target: SsoTarget, ctx: SsoPromptContext, deps: SsoSignInDeps, call: (accessToken: string) => Promise<T>): Promise<T> {
  const first = await accessToken(target, ctx, deps);
  try {
    return await call(first.tokens.accessToken);
  } catch (e) {
    if (isAborted(e, deps.signal)) throw cancelled();
    if (first.fresh || errorName(e) !== 'UnauthorizedException') throw e;
    // Revoked or ended on the service's side (sign-out in the portal, a shorter session duration).
    const again = await accessToken(target, ctx, deps, first.tokens.accessToken);
    return await call(again.tokens.accessToken);
  }
}

function portalError(e: unknown, target: SsoTarget, what: string): RoleChainError {
  const name = errorName(e);
  const reason = e instanceof Error ? e.message.split(/\r?\n/, 1)[0] : String(e);
  return new RoleChainError('aws', `Identity Center (${target.label}) could not ${what}: ${name ? `${name}: ` : ''}${reason}`, { awsCode: name });
}

async function listAll<T>(fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await fetchPage(token);
    all.push(...out.items);
    token = out.nextToken;
    if (!token) break;
  }
  return all;
}

async function chooseAccount(target: SsoTarget, ctx: SsoPromptContext, deps: SsoSignInDeps): Promise<string> {
  if (target.accountId) return target.accountId;
  const accounts = await withToken(target, ctx, deps, (accessToken) =>
    listAll(async (nextToken) => {
      const out = await deps.portal.send(new ListAccountsCommand({ accessToken, nextToken }), { abortSignal: deps.signal });
      const items = (out.accountList ?? []).flatMap((a) => (a.accountId ? [{ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress }] : []));
      return { items, nextToken: out.nextToken };
    }),
  ).catch((e: unknown) => rethrow(e, target, 'list your accounts'));
  const only = accounts.length === 1 ? accounts[0] : undefined;
  if (only) return only.accountId;
  if (accounts.length === 0) {
    throw new RoleChainError('access-denied', `Identity Center (${target.label}) assigns you no account. Ask your administrator for an assignment, or sign in as another user.`);
  }
  if (deps.interactive === false) throw needsChoice(target, 'an account');
  const picked = await deps.prompts.pickAccount(ctx, accounts);
  if (picked === undefined) throw cancelled();
  return picked;
}

async function chooseRole(target: SsoTarget, accountId: string, ctx: SsoPromptContext, deps: SsoSignInDeps): Promise<string> {
  if (target.roleName) return target.roleName;
  const roles = await withToken(target, ctx, deps, (accessToken) =>
    listAll(async (nextToken) => {
      const out = await deps.portal.send(new ListAccountRolesCommand({ accessToken, accountId, nextToken }), { abortSignal: deps.signal });
      return { items: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])), nextToken: out.nextToken };
    }),
  ).catch((e: unknown) => rethrow(e, target, `list your roles in account ${accountId}`));
  const only = roles.length === 1 ? roles[0] : undefined;
  if (only) return only;
  if (roles.length === 0) {
    throw new RoleChainError('access-denied', `Identity Center (${target.label}) gives you no permission set in account ${accountId}. Choose another account or ask for an assignment.`);
  }
  if (deps.interactive === false) throw needsChoice(target, `a permission set in account ${accountId}`);
  const picked = await deps.prompts.pickRole({ ...ctx, accountId }, roles);
  if (picked === undefined) throw cancelled();
  return picked;
}

/** A background run cannot ask which account or role: it stops as cancelled, and the person's next run asks. */
function needsChoice(target: SsoTarget, what: string): CancelledError {
  return new CancelledError(`Identity Center (${target.label}) lists more than one choice of ${what}: run the chain to choose, or name it in the chain's sso.`);
}

function rethrow(e: unknown, target: SsoTarget, what: string): never {
  if (e instanceof RoleChainError || e instanceof CancelledError) throw e;
  throw portalError(e, target, what);
}

/**
 * The chain's base credentials from Identity Center: sign in (or reuse the stored sign-in), choose the account and
 * permission set where the base names none, then GetRoleCredentials.
 */
export async function ssoRoleCredentials(target: SsoTarget, chainName: string, deps: SsoSignInDeps): Promise<SsoRoleCredentials> {
  const ctx: SsoPromptContext = { chainName, startUrl: target.startUrl };
  const accountId = await chooseAccount(target, ctx, deps);
  const roleName = await chooseRole(target, accountId, ctx, deps);
  deps.onPhase?.('role-credentials');
  const out = await withToken(target, ctx, deps, (accessToken) =>
    deps.portal.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }), { abortSignal: deps.signal }),
  ).catch((e: unknown) => {
    if (errorName(e) === 'ForbiddenException') {
      throw new RoleChainError('access-denied', `Identity Center (${target.label}) does not give you permission set ${roleName} in account ${accountId}. Check the chain's sso.accountId and sso.roleName.`, {
        awsCode: 'ForbiddenException',
      });
    }
    return rethrow(e, target, `get credentials for ${roleName} in account ${accountId}`);
  });
  const c = out.roleCredentials;
  if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken) {
    throw new RoleChainError('aws', `Identity Center (${target.label}) answered GetRoleCredentials without credentials.`);
  }
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration === undefined ? undefined : new Date(c.expiration) };
  return { credentials, accountId, roleName };
}
