// The local endpoint's IAM Identity Center, driven by the SDK's own SSO OIDC and SSO portal clients: the device
// authorization flow (approved through the approval page, as a browser would), its OAuth errors, refresh-token
// rotation, the portal behind the bearer token, and role credentials that start the seed chain at RoleA.
import * as assert from 'node:assert/strict';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  type CreateTokenCommandOutput,
  type StartDeviceAuthorizationCommandOutput,
} from '@aws-sdk/client-sso-oidc';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SEED, seedScenario, startLocalAws, type LocalAws } from '../localAws';
import { DEVICE_CODE_GRANT } from '../localAws/identityCenter';
import { expectServiceError } from './sdkFailure';

const SSO_ROLE_NAME = SEED.ssoRoleArn.split('/').pop() ?? '';

interface Registered {
  clientId: string;
  clientSecret: string;
}

describe('local AWS: IAM Identity Center (SSO OIDC and portal)', function () {
  let aws: LocalAws;
  let now: number;
  let oidc: SSOOIDCClient;
  let portal: SSOClient;

  beforeEach(async function () {
    now = Date.now();
    // A clock the test moves, so polling intervals and expiry are decided by the test, not by the machine's speed.
    aws = await startLocalAws({ clock: { now: () => now } });
    oidc = new SSOOIDCClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
    portal = new SSOClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
  });
  afterEach(async function () {
    oidc.destroy();
    portal.destroy();
    await aws.stop();
  });

  async function register(scopes: string[] | undefined = ['sso:account:access']): Promise<Registered> {
    const out = await oidc.send(new RegisterClientCommand({ clientName: 'role-chains-test', clientType: 'public', scopes }));
    assert.ok(out.clientId && out.clientSecret, 'a client id and secret');
    return { clientId: out.clientId, clientSecret: out.clientSecret };
  }

  function start(client: Registered): Promise<StartDeviceAuthorizationCommandOutput> {
    return oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: SEED.ssoStartUrl }));
  }

  function poll(client: Registered, deviceCode: string | undefined): Promise<CreateTokenCommandOutput> {
    return oidc.send(new CreateTokenCommand({ ...client, grantType: DEVICE_CODE_GRANT, deviceCode }));
  }

  /** Opens verificationUriComplete like a browser, checks the user code on it and submits its form. */
  async function decideOnPage(uri: string | undefined, userCode: string | undefined, decision: 'allow' | 'deny'): Promise<{ status: number; text: string }> {
    assert.ok(uri && userCode);
    const page = await fetch(uri);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(`<code id="user-code">${userCode}</code>`), 'the page shows the user code');
    const form = /<form method="post" action="([^"]+)">(.*?)<\/form>/s.exec(html);
    assert.ok(form?.[1] && form[2], 'the page has the approval form');
    const fields = new URLSearchParams();
    for (const input of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(input[1] ?? '', input[2] ?? '');
    assert.ok(form[2].includes(`value="${decision}"`), `the form has a ${decision} button`);
    fields.set('decision', decision);
    const answer = await fetch(new URL(form[1], uri), { method: 'POST', body: fields });
    return { status: answer.status, text: await answer.text() };
  }

  it('runs the whole device flow: pending, Allow on the page, token, accounts, roles, credentials, AssumeRole into RoleA', async function () {
    const client = await register();
    const auth = await start(client);
    assert.match(auth.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(auth.verificationUri, `${aws.endpoint}/device`);
    assert.equal(auth.verificationUriComplete, `${aws.endpoint}/device?user_code=${auth.userCode}`);
    assert.equal(auth.expiresIn, 600);
    assert.equal(auth.interval, 1);
    assert.deepEqual(aws.sso.pendingUserCodes(), [auth.userCode]);

    await expectServiceError(poll(client, auth.deviceCode), 'AuthorizationPendingException', 400);
    const approved = await decideOnPage(auth.verificationUriComplete, auth.userCode, 'allow');
    assert.equal(approved.status, 200);
    assert.match(approved.text, /Request approved/);
    assert.deepEqual(aws.sso.pendingUserCodes(), []);

    now += 1000;
    const token = await poll(client, auth.deviceCode);
    assert.equal(token.tokenType, 'Bearer');
    assert.equal(token.expiresIn, 8 * 3600);
    assert.ok(token.accessToken && token.refreshToken, 'an access and a refresh token');
    // The device code is spent.
    now += 1000;
    await expectServiceError(poll(client, auth.deviceCode), 'InvalidGrantException', 400);

    const accounts = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken }));
    assert.deepEqual(accounts.accountList, [{ accountId: SEED.developerAccount, accountName: SEED.ssoAccountName, emailAddress: 'aws-developer-base@example.com' }]);
    const roles = await portal.send(new ListAccountRolesCommand({ accessToken: token.accessToken, accountId: SEED.developerAccount }));
    assert.deepEqual(roles.roleList, [{ roleName: SEED.ssoPermissionSet, accountId: SEED.developerAccount }]);
    const got = await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: SEED.developerAccount, roleName: SEED.ssoPermissionSet }));
    const creds = got.roleCredentials;
    assert.ok(creds?.accessKeyId && creds.secretAccessKey && creds.sessionToken && creds.expiration);
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.equal(creds.expiration, Math.floor(now / 1000) * 1000 + 3600_000, 'expiration in epoch milliseconds, the permission set session duration');

    const credentials = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken };
    const sts = new STSClient({ endpoint: aws.endpoint, region: SEED.region, credentials, maxAttempts: 1 });
    try {
      const me = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${SEED.developerAccount}:assumed-role/${SSO_ROLE_NAME}/${SEED.ssoUserName}`);
      assert.match(SSO_ROLE_NAME, /^AWSReservedSSO_ChainStarter_[0-9a-f]{16}$/);
      // RoleA's trust policy asks for its ExternalId; the role's identity policy must allow the cross-account hop.
      await expectServiceError(sts.send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'sso-a' })), 'AccessDenied', 403);
      const a = await sts.send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'sso-a', ExternalId: SEED.externalIdA }));
      assert.equal(a.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/RoleA/sso-a');
      // From a role session this is role chaining: one hour at most.
      await expectServiceError(
        sts.send(new AssumeRoleCommand({ RoleArn: SEED.roleA, RoleSessionName: 'sso-a', ExternalId: SEED.externalIdA, DurationSeconds: 7200 })),
        'ValidationError',
        400,
        /role chaining/,
      );
    } finally {
      sts.destroy();
    }

    const secrets = aws.seenSecrets();
    for (const kind of ['ssoClientSecret', 'ssoDeviceCode', 'ssoAccessToken', 'ssoRefreshToken'] as const) {
      assert.ok(secrets.some((secret) => secret.kind === kind), `${kind} is registered for the secret scans`);
    }
    assert.ok(secrets.some((secret) => secret.kind === 'sessionToken' && secret.value === creds.sessionToken), 'the role session token is registered');
    const log = aws.requestLog().map((entry) => `${entry.service} ${entry.operation} ${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}`);
    assert.deepEqual(log.slice(0, 7), [
      'sso-oidc RegisterClient 200',
      'sso-oidc StartDeviceAuthorization 200',
      'sso-oidc CreateToken 400 AuthorizationPendingException',
      'sso-device ApprovalPage 200',
      'sso-device ApproveDevice 200',
      'sso-oidc CreateToken 200',
      'sso-oidc CreateToken 400 InvalidGrantException',
    ]);
  });

  it('answers slow_down to a poll inside the interval, and each one adds five seconds to it', async function () {
    const client = await register();
    const auth = await start(client);
    await expectServiceError(poll(client, auth.deviceCode), 'AuthorizationPendingException', 400);
    const slow = await expectServiceError(poll(client, auth.deviceCode), 'SlowDownException', 400);
    assert.equal((slow as unknown as { error?: string }).error, 'slow_down');
    // Every slow_down adds five seconds (RFC 8628 §3.5): one second is now too soon, and so is six after that.
    now += 1000;
    await expectServiceError(poll(client, auth.deviceCode), 'SlowDownException', 400);
    now += 6000;
    await expectServiceError(poll(client, auth.deviceCode), 'SlowDownException', 400);
    now += 16_000;
    await expectServiceError(poll(client, auth.deviceCode), 'AuthorizationPendingException', 400);
    aws.sso.approve(auth.userCode ?? '');
    now += 16_000;
    assert.ok((await poll(client, auth.deviceCode)).accessToken);
  });

  it('answers expired_token once the device code has expired, and the page no longer offers it', async function () {
    const client = await register();
    const auth = await start(client);
    now += 600_000;
    await expectServiceError(poll(client, auth.deviceCode), 'ExpiredTokenException', 400);
    const page = await fetch(auth.verificationUriComplete ?? '');
    assert.equal(page.status, 400);
    assert.deepEqual(aws.sso.pendingUserCodes(), []);
  });

  it('answers access_denied when the user presses Deny', async function () {
    const client = await register();
    const auth = await start(client);
    const denied = await decideOnPage(auth.verificationUriComplete, auth.userCode, 'deny');
    assert.match(denied.text, /Request denied/);
    await expectServiceError(poll(client, auth.deviceCode), 'AccessDeniedException', 400);
  });

  it('refuses a form post without the nonce of the page it came from', async function () {
    const client = await register();
    const auth = await start(client);
    const body = new URLSearchParams({ user_code: auth.userCode ?? '', nonce: 'guessed', decision: 'allow', user: SEED.ssoUserName });
    const answer = await fetch(`${aws.endpoint}/device`, { method: 'POST', body });
    assert.equal(answer.status, 400);
    await expectServiceError(poll(client, auth.deviceCode), 'AuthorizationPendingException', 400);
  });

  it('answers invalid_client to an unknown client or a wrong secret, and invalid_grant to a foreign device code', async function () {
    const client = await register();
    const other = await register();
    const auth = await start(client);
    await expectServiceError(poll({ ...client, clientSecret: other.clientSecret }, auth.deviceCode), 'InvalidClientException', 401);
    await expectServiceError(start({ clientId: 'nobody', clientSecret: client.clientSecret }), 'InvalidClientException', 401);
    await expectServiceError(poll(other, auth.deviceCode), 'InvalidGrantException', 400);
    await expectServiceError(oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: 'https://d-0000000000.awsapps.com/start' })), 'InvalidRequestException', 400);
    await expectServiceError(oidc.send(new CreateTokenCommand({ ...client, grantType: 'password' })), 'UnsupportedGrantTypeException', 400);
  });

  async function signIn(scopes?: string[]): Promise<{ client: Registered; token: CreateTokenCommandOutput }> {
    const client = await register(scopes);
    const auth = await start(client);
    aws.sso.approve(auth.userCode ?? '');
    return { client, token: await poll(client, auth.deviceCode) };
  }

  it('rotates refresh tokens: each is good for one exchange and the new access token works', async function () {
    const { client, token } = await signIn();
    const first = token.refreshToken;
    const refreshed = await oidc.send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken: first }));
    assert.ok(refreshed.accessToken && refreshed.refreshToken);
    assert.notEqual(refreshed.refreshToken, first);
    assert.notEqual(refreshed.accessToken, token.accessToken);
    await expectServiceError(oidc.send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken: first })), 'InvalidGrantException', 400);
    const other = await register();
    await expectServiceError(oidc.send(new CreateTokenCommand({ ...other, grantType: 'refresh_token', refreshToken: refreshed.refreshToken })), 'InvalidGrantException', 400);
    const accounts = await portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }));
    assert.equal(accounts.accountList?.length, 1);
    // A registration without scopes is the legacy kind: no refresh token.
    const legacy = await signIn([]);
    assert.ok(legacy.token.accessToken);
    assert.equal(legacy.token.refreshToken, undefined);
  });

  it('answers UnauthorizedException to a bad, expired, revoked or logged-out bearer token, and ForbiddenException to an unassigned role', async function () {
    const { token } = await signIn();
    const list = (accessToken: string | undefined) => portal.send(new ListAccountsCommand({ accessToken }));
    await expectServiceError(list('aoa-not-a-token'), 'UnauthorizedException', 401, 'Session token not found or invalid');
    await expectServiceError(
      portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: SEED.roleAAccount, roleName: SEED.ssoPermissionSet })),
      'ForbiddenException',
      403,
    );
    now += 8 * 3600_000;
    await expectServiceError(list(token.accessToken), 'UnauthorizedException', 401);

    const again = await signIn();
    aws.sso.revokeAccessTokens();
    await expectServiceError(list(again.token.accessToken), 'UnauthorizedException', 401);

    const third = await signIn();
    await portal.send(new LogoutCommand({ accessToken: third.token.accessToken }));
    await expectServiceError(list(third.token.accessToken), 'UnauthorizedException', 401);
    await expectServiceError(
      oidc.send(new CreateTokenCommand({ ...third.client, grantType: 'refresh_token', refreshToken: third.token.refreshToken })),
      'InvalidGrantException',
      400,
    );
  });

  it('pages ListAccounts with next_token and max_result', async function () {
    const config = seedScenario();
    const center = config.identityCenter;
    assert.ok(center);
    const role = config.roles.find((candidate) => candidate.arn === SEED.ssoRoleArn);
    assert.ok(role);
    config.roles.push({ ...role, arn: 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ChainStarter_0123456789abcdef' });
    center.accounts.push({ accountId: SEED.roleAAccount, accountName: 'partner-a', emailAddress: 'a@example.com' });
    center.users[0]?.assignments.push({ accountId: SEED.roleAAccount, roleName: SEED.ssoPermissionSet });
    oidc.destroy();
    portal.destroy();
    await aws.stop();
    aws = await startLocalAws({ config, clock: { now: () => now } });
    oidc = new SSOOIDCClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
    portal = new SSOClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
    const { token } = await signIn();
    const first = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken, maxResults: 1 }));
    assert.equal(first.accountList?.length, 1);
    assert.ok(first.nextToken);
    const second = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken, maxResults: 1, nextToken: first.nextToken }));
    assert.deepEqual(second.accountList?.map((account) => account.accountId), [SEED.roleAAccount]);
    assert.equal(second.nextToken, undefined);
  });
});
