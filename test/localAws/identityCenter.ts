// IAM Identity Center as the SDK's SSO OIDC and portal clients see it: client registration, the OAuth device
// authorization grant (RFC 8628: authorization_pending, slow_down, expired_token, access_denied) with rotating
// refresh tokens, and the portal's ListAccounts / ListAccountRoles / GetRoleCredentials behind a bearer token.
// The portal's role credentials are sessions of the permission set's AWSReservedSSO_ role, issued by the same
// identity store as STS sessions, so the local STS evaluates their identity policies like any other caller's.
// Transport-free: ssoHttp.ts turns requests into calls here and results into AWS's JSON.
import { randomBytes, randomInt } from 'node:crypto';
import type { IdentityStore } from './identities';
import type { Clock, IdentityCenterConfig, IdentityCenterUser, RoleConfig, SeenSecret } from './types';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';
const KNOWN_GRANTS = new Set([DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT, 'authorization_code']);
/** The scope that lets a token call the portal; a client registered with scopes also gets refresh tokens. */
export const ACCOUNT_ACCESS_SCOPE = 'sso:account:access';
const CLIENT_SECRET_TTL_MS = 90 * 86_400_000;
const DEVICE_CODE_TTL_S = 600;
const ACCESS_TOKEN_TTL_S = 8 * 3600;
const REFRESH_TOKEN_TTL_MS = 90 * 86_400_000;
/** RFC 8628 §3.5: after slow_down the interval grows by 5 seconds for every later poll. */
const SLOW_DOWN_STEP_MS = 5000;
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** An error as the OIDC service (oauth `error` code + description) or the portal (`message`) answers it. */
export class SsoError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

const invalidClient = (): SsoError => new SsoError(401, 'InvalidClientException', 'Invalid client credentials', 'invalid_client');
const invalidGrant = (what: string): SsoError => new SsoError(400, 'InvalidGrantException', `Invalid ${what} provided`, 'invalid_grant');
const invalidRequest = (message: string): SsoError => new SsoError(400, 'InvalidRequestException', message, 'invalid_request');
export const UNAUTHORIZED = (): SsoError => new SsoError(401, 'UnauthorizedException', 'Session token not found or invalid');

interface Client {
  clientId: string;
  clientSecret: string;
  secretExpiresAt: number;
  scopes: string[];
  grantTypes: string[] | undefined;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  intervalMs: number;
  lastPollAt: number | undefined;
  state: 'pending' | 'approved' | 'denied' | 'used';
  userName: string | undefined;
  /** Travels in the approval page's form, so only someone who loaded the page can approve. */
  formNonce: string;
}

interface Grant {
  token: string;
  clientId: string;
  userName: string;
  /** One device-flow sign-in: Logout ends it, with every token refreshed from it. */
  signInId: string;
  expiresAt: number;
}

export interface TokenResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
}

export interface RoleCredentialsResult {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

function token(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

function userCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The permission set name of an Identity Center role ARN, or undefined when it is not one. */
export function permissionSetOf(roleArn: string): { account: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):role\/aws-reserved\/sso\.amazonaws\.com\/(?:[a-z0-9-]+\/)?AWSReservedSSO_([\w+=,.@-]+)_[0-9a-f]{16}$/.exec(roleArn);
  return match?.[1] && match[2] ? { account: match[1], name: match[2] } : undefined;
}

/** The provisioned role of a permission set in an account, or undefined. */
export function permissionSetRole(roles: readonly RoleConfig[], accountId: string, roleName: string): RoleConfig | undefined {
  return roles.find((role) => {
    const set = permissionSetOf(role.arn);
    return set?.account === accountId && set.name === roleName;
  });
}

function page<T>(items: readonly T[], nextToken: string | null, maxResults: string | null): { items: T[]; nextToken?: string } {
  const start = nextToken === null ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new SsoError(400, 'InvalidRequestException', 'Invalid next token');
  let size = 1000;
  if (maxResults !== null) {
    size = Number(maxResults);
    if (!/^\d+$/.test(maxResults) || size < 1) throw new SsoError(400, 'InvalidRequestException', 'maxResults must be a positive integer');
  }
  const end = Math.min(items.length, start + size);
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}

export class IdentityCenter {
  private readonly clients = new Map<string, Client>();
  private readonly devices = new Map<string, DeviceAuthorization>();
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(
    readonly config: IdentityCenterConfig,
    private readonly roles: readonly RoleConfig[],
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly recordSecret: (secret: SeenSecret) => void,
    /** http://127.0.0.1:<port>: where the approval page is served. */
    private readonly origin: () => string,
  ) {}

  // ---- OIDC ----

  registerClient(input: Record<string, unknown>): Record<string, unknown> {
    const clientName = input['clientName'];
    const clientType = input['clientType'];
    if (typeof clientName !== 'string' || clientName === '') throw invalidRequest('clientName is required');
    if (clientType !== 'public') throw new SsoError(400, 'InvalidClientMetadataException', 'Invalid client type', 'invalid_client_metadata');
    const scopes = this.stringList(input['scopes'], 'scopes');
    const grantTypes = input['grantTypes'] === undefined ? undefined : this.stringList(input['grantTypes'], 'grantTypes');
    const badScope = scopes.find((scope) => scope !== ACCOUNT_ACCESS_SCOPE && !/^[a-z]+:[\w:*.-]+$/.test(scope));
    if (badScope !== undefined) throw new SsoError(400, 'InvalidScopeException', 'Invalid scope requested', 'invalid_scope');
    if (grantTypes?.some((grant) => !KNOWN_GRANTS.has(grant))) throw new SsoError(400, 'InvalidClientMetadataException', 'Invalid grant type', 'invalid_client_metadata');
    const now = this.clock.now();
    const client: Client = { clientId: token('', 16), clientSecret: token('', 480), secretExpiresAt: now + CLIENT_SECRET_TTL_MS, scopes, grantTypes };
    this.clients.set(client.clientId, client);
    this.recordSecret({ kind: 'ssoClientSecret', value: client.clientSecret });
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: Math.floor(now / 1000),
      clientSecretExpiresAt: Math.floor(client.secretExpiresAt / 1000),
    };
  }

  startDeviceAuthorization(input: Record<string, unknown>): Record<string, unknown> {
    const client = this.client(input);
    if (client.grantTypes && !client.grantTypes.includes(DEVICE_CODE_GRANT)) {
      throw new SsoError(400, 'UnauthorizedClientException', 'Client is not authorized to use the device code grant', 'unauthorized_client');
    }
    if (input['startUrl'] !== this.config.startUrl) throw invalidRequest('Invalid start URL');
    const now = this.clock.now();
    const device: DeviceAuthorization = {
      deviceCode: token('', 64),
      userCode: userCode(),
      clientId: client.clientId,
      expiresAt: now + DEVICE_CODE_TTL_S * 1000,
      intervalMs: (this.config.pollIntervalSeconds ?? 1) * 1000,
      lastPollAt: undefined,
      state: 'pending',
      userName: undefined,
      formNonce: token('', 24),
    };
    this.devices.set(device.deviceCode, device);
    this.recordSecret({ kind: 'ssoDeviceCode', value: device.deviceCode });
    const verificationUri = `${this.origin()}/device`;
    return {
      deviceCode: device.deviceCode,
      userCode: device.userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
      expiresIn: DEVICE_CODE_TTL_S,
      interval: device.intervalMs / 1000,
    };
  }

  createToken(input: Record<string, unknown>): TokenResult {
    const client = this.client(input);
    const grantType = input['grantType'];
    if (grantType !== DEVICE_CODE_GRANT && grantType !== REFRESH_TOKEN_GRANT) {
      throw new SsoError(400, 'UnsupportedGrantTypeException', 'Unsupported grant type', 'unsupported_grant_type');
    }
    if (client.grantTypes && !client.grantTypes.includes(grantType)) {
      throw new SsoError(400, 'UnauthorizedClientException', `Client is not authorized to use the ${grantType} grant`, 'unauthorized_client');
    }
    return grantType === DEVICE_CODE_GRANT ? this.deviceCodeGrant(client, input['deviceCode']) : this.refreshGrant(client, input['refreshToken']);
  }

  private deviceCodeGrant(client: Client, deviceCode: unknown): TokenResult {
    if (typeof deviceCode !== 'string' || deviceCode === '') throw invalidRequest('deviceCode is required for the device code grant');
    const device = this.devices.get(deviceCode);
    if (!device || device.clientId !== client.clientId || device.state === 'used') throw invalidGrant('device code');
    const now = this.clock.now();
    if (now >= device.expiresAt) throw new SsoError(400, 'ExpiredTokenException', 'Device code has expired', 'expired_token');
    const last = device.lastPollAt;
    device.lastPollAt = now;
    if (last !== undefined && now - last < device.intervalMs) {
      device.intervalMs += SLOW_DOWN_STEP_MS;
      throw new SsoError(400, 'SlowDownException', 'Client is polling too fast', 'slow_down');
    }
    if (device.state === 'denied') throw new SsoError(400, 'AccessDeniedException', 'The user denied the authorization request', 'access_denied');
    if (device.state === 'pending' || device.userName === undefined) {
      throw new SsoError(400, 'AuthorizationPendingException', 'Authorization is still pending', 'authorization_pending');
    }
    device.state = 'used';
    return this.issueTokens(client, device.userName, token('', 12));
  }

  private refreshGrant(client: Client, refreshToken: unknown): TokenResult {
    if (typeof refreshToken !== 'string' || refreshToken === '') throw invalidRequest('refreshToken is required for the refresh token grant');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== client.clientId || this.clock.now() >= grant.expiresAt) throw invalidGrant('refresh token');
    // Rotation: a refresh token is good for one exchange; the answer carries its successor.
    this.refreshTokens.delete(refreshToken);
    return this.issueTokens(client, grant.userName, grant.signInId);
  }

  private issueTokens(client: Client, userName: string, signInId: string): TokenResult {
    const now = this.clock.now();
    const access: Grant = { token: token('aoa', 96), clientId: client.clientId, userName, signInId, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000 };
    this.accessTokens.set(access.token, access);
    this.recordSecret({ kind: 'ssoAccessToken', value: access.token });
    const result: TokenResult = { accessToken: access.token, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_TTL_S };
    // Legacy registrations (no scopes) get no refresh token, as with AWS: their users sign in again when it expires.
    if (client.scopes.length > 0) {
      const refresh: Grant = { token: token('aor', 96), clientId: client.clientId, userName, signInId, expiresAt: now + REFRESH_TOKEN_TTL_MS };
      this.refreshTokens.set(refresh.token, refresh);
      this.recordSecret({ kind: 'ssoRefreshToken', value: refresh.token });
      result.refreshToken = refresh.token;
    }
    return result;
  }

  private client(input: Record<string, unknown>): Client {
    const clientId = input['clientId'];
    const clientSecret = input['clientSecret'];
    const client = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
    if (!client || clientSecret !== client.clientSecret || this.clock.now() >= client.secretExpiresAt) throw invalidClient();
    return client;
  }

  private stringList(value: unknown, field: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidRequest(`${field} must be a list of strings`);
    return value as string[];
  }

  // ---- the user's side (approval page and test control) ----

  /** The pending authorization a user code names, or undefined when unknown, expired or already decided. */
  pendingByUserCode(code: string): DeviceAuthorization | undefined {
    const wanted = code.trim().toUpperCase();
    for (const device of this.devices.values()) {
      if (device.userCode === wanted && device.state === 'pending' && this.clock.now() < device.expiresAt) return device;
    }
    return undefined;
  }

  pendingUserCodes(): string[] {
    return [...this.devices.values()].filter((device) => device.state === 'pending' && this.clock.now() < device.expiresAt).map((device) => device.userCode);
  }

  users(): readonly IdentityCenterUser[] {
    return this.config.users;
  }

  decide(code: string, decision: 'allow' | 'deny', userName?: string): void {
    const device = this.pendingByUserCode(code);
    if (!device) throw new Error(`No pending device authorization has the user code ${code}.`);
    if (decision === 'deny') {
      device.state = 'denied';
      return;
    }
    const user = userName === undefined ? this.config.users[0] : this.config.users.find((candidate) => candidate.userName === userName);
    if (!user) throw new Error(`Identity Center has no user ${userName ?? '(none configured)'}.`);
    device.state = 'approved';
    device.userName = user.userName;
  }

  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  // ---- portal ----

  private userOf(accessToken: string | undefined): IdentityCenterUser {
    const grant = accessToken === undefined ? undefined : this.accessTokens.get(accessToken);
    if (!grant || this.clock.now() >= grant.expiresAt) throw UNAUTHORIZED();
    const user = this.config.users.find((candidate) => candidate.userName === grant.userName);
    if (!user) throw UNAUTHORIZED();
    return user;
  }

  listAccounts(accessToken: string | undefined, nextToken: string | null, maxResults: string | null): Record<string, unknown> {
    const user = this.userOf(accessToken);
    const ids = new Set(user.assignments.map((assignment) => assignment.accountId));
    const accounts = this.config.accounts.filter((account) => ids.has(account.accountId));
    const { items, nextToken: next } = page(accounts, nextToken, maxResults);
    return { accountList: items, nextToken: next };
  }

  listAccountRoles(accessToken: string | undefined, accountId: string | null, nextToken: string | null, maxResults: string | null): Record<string, unknown> {
    const user = this.userOf(accessToken);
    if (accountId === null || !/^\d{12}$/.test(accountId)) throw new SsoError(400, 'InvalidRequestException', 'Invalid account id');
    const roles = user.assignments.filter((assignment) => assignment.accountId === accountId).map(({ roleName }) => ({ roleName, accountId }));
    const { items, nextToken: next } = page(roles, nextToken, maxResults);
    return { roleList: items, nextToken: next };
  }

  getRoleCredentials(accessToken: string | undefined, roleName: string | null, accountId: string | null): RoleCredentialsResult {
    const user = this.userOf(accessToken);
    if (roleName === null || roleName === '' || accountId === null || !/^\d{12}$/.test(accountId)) {
      throw new SsoError(400, 'InvalidRequestException', 'Invalid role name or account id');
    }
    const assigned = user.assignments.some((assignment) => assignment.accountId === accountId && assignment.roleName === roleName);
    const role = assigned ? permissionSetRole(this.roles, accountId, roleName) : undefined;
    if (!role) throw new SsoError(403, 'ForbiddenException', 'No access');
    // Identity Center's sign-in MFA does not reach the role session: STS sees aws:MultiFactorAuthPresent=false.
    const session = this.store.issueSession(role, user.userName, role.maxSessionDuration ?? 3600, false, undefined);
    this.recordSecret({ kind: 'secretAccessKey', value: session.secretAccessKey });
    this.recordSecret({ kind: 'sessionToken', value: session.sessionToken });
    return { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: session.expiration };
  }

  /** Ends the sign-in the token belongs to: its access tokens and its refresh token stop working. */
  logout(accessToken: string | undefined): void {
    const grant = accessToken === undefined ? undefined : this.accessTokens.get(accessToken);
    if (!grant || this.clock.now() >= grant.expiresAt) throw UNAUTHORIZED();
    for (const map of [this.accessTokens, this.refreshTokens]) {
      for (const [key, other] of map) if (other.signInId === grant.signInId) map.delete(key);
    }
  }
}
