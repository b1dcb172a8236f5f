// The core device flow against the local endpoint's Identity Center: it shows the code once, waits the interval
// before each poll, slows down when told, stops on Deny, expiry and Cancel, and reuses a still-valid registration.
import * as assert from 'node:assert/strict';
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { runSsoDeviceFlow, type SsoDeviceFlowDeps } from '../../src/core/aws/ssoDeviceFlow';
import { SEED, startLocalAws, type LocalAws } from '../localAws';

describe('core: Identity Center device flow', function () {
  let aws: LocalAws;
  let now: number;
  let oidc: SSOOIDCClient;
  let sleeps: number[];
  let shown: { userCode: string; uri: string }[];

  beforeEach(async function () {
    now = Date.now();
    aws = await startLocalAws({ clock: { now: () => now } });
    oidc = new SSOOIDCClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
    sleeps = [];
    shown = [];
  });
  afterEach(async function () {
    oidc.destroy();
    await aws.stop();
  });

  /** Deps whose sleep moves the endpoint's clock; `onSleep` acts as the user between polls (by sleep number). */
  function deps(onSleep: (count: number) => void, extra: Partial<SsoDeviceFlowDeps> = {}): SsoDeviceFlowDeps {
    return {
      oidc,
      clock: { now: () => now },
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
        onSleep(sleeps.length);
      },
      onUserCode: (userCode, uri) => {
        shown.push({ userCode, uri });
      },
      ...extra,
    };
  }

  const input = { startUrl: SEED.ssoStartUrl, clientName: 'AWS Role Chains (test)' };
  const polls = (): string[] => aws.requestLog().filter((entry) => entry.operation === 'CreateToken').map((entry) => entry.errorCode ?? 'ok');

  it('shows the user code, polls at the interval until approved, and returns tokens the portal accepts', async function () {
    const tokens = await runSsoDeviceFlow(
      input,
      deps((count) => {
        if (count === 3) aws.sso.approve(shown[0]?.userCode ?? '');
      }),
    );
    assert.equal(shown.length, 1);
    assert.match(shown[0]?.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(shown[0]?.uri, `${aws.endpoint}/device?user_code=${shown[0]?.userCode}`);
    assert.deepEqual(sleeps, [1000, 1000, 1000]);
    assert.deepEqual(polls(), ['AuthorizationPendingException', 'AuthorizationPendingException', 'ok']);
    assert.ok(tokens.refreshToken, 'a refresh token, for the scoped registration');
    assert.equal(tokens.expiresAt, now + 8 * 3600_000);
    const portal = new SSOClient({ endpoint: aws.endpoint, region: SEED.ssoRegion, maxAttempts: 1 });
    try {
      const accounts = await portal.send(new ListAccountsCommand({ accessToken: tokens.accessToken }));
      assert.equal(accounts.accountList?.[0]?.accountId, SEED.developerAccount);
    } finally {
      portal.destroy();
    }

    // A second sign-in reuses the registration it was given.
    aws.clearRequestLog();
    sleeps = [];
    shown = [];
    await runSsoDeviceFlow({ ...input, client: tokens.client }, deps(() => aws.sso.approve(shown[0]?.userCode ?? '')));
    assert.deepEqual(
      aws.requestLog().map((entry) => entry.operation),
      ['StartDeviceAuthorization', 'CreateToken'],
    );
  });

  it('adds five seconds to its interval after slow_down', async function () {
    const tokens = await runSsoDeviceFlow(
      input,
      deps(
        (count) => {
          // The second wait comes up short (a clock that ran slow): the endpoint answers slow_down.
          if (count === 2) now -= 600;
          if (count === 3) aws.sso.approve(shown[0]?.userCode ?? '');
        },
      ),
    );
    assert.ok(tokens.accessToken);
    assert.deepEqual(sleeps, [1000, 1000, 6000]);
    assert.deepEqual(polls(), ['AuthorizationPendingException', 'SlowDownException', 'ok']);
  });

  it('fails as access denied when the user denies, and as expired when nobody answers in time', async function () {
    const denied = await runSsoDeviceFlow(input, deps(() => aws.sso.deny(shown[0]?.userCode ?? ''))).then(
      () => undefined,
      (e: unknown) => e as { kind?: string; message?: string },
    );
    assert.equal(denied?.kind, 'access-denied');

    const expired = await runSsoDeviceFlow(input, deps(() => undefined, { sleep: async (ms) => void (now += Math.max(ms, 120_000)) })).then(
      () => undefined,
      (e: unknown) => e as { kind?: string },
    );
    assert.equal(expired?.kind, 'expired-credentials');
    assert.ok(polls().length <= 6, 'stops polling once the code has expired');
  });

  it('stops at once when cancelled while waiting, and sends no further poll', async function () {
    const abort = new AbortController();
    const error = await runSsoDeviceFlow(
      input,
      deps(
        (count) => {
          if (count === 2) abort.abort();
        },
        { signal: abort.signal },
      ),
    ).then(
      () => undefined,
      (e: unknown) => e as { name?: string },
    );
    assert.equal(error?.name, 'CancelledError');
    assert.deepEqual(polls(), ['AuthorizationPendingException']);
    assert.deepEqual(aws.sso.pendingUserCodes(), [shown[0]?.userCode]);
  });

  it('never hands the browser a page that is not https (a command:, file: or remote http: link from the endpoint)', async function () {
    for (const page of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'http://203.0.113.9/device?user_code=ABCD-EFGH']) {
      // An endpoint that registers and starts normally, then names that page.
      const fake: SsoDeviceFlowDeps['oidc'] = {
        send: (async (command: { constructor: { name: string } }) => {
          if (command.constructor.name === 'RegisterClientCommand') return { clientId: 'id', clientSecret: 'secret', clientSecretExpiresAt: now / 1000 + 3600 };
          return { deviceCode: 'device', userCode: 'ABCD-EFGH', verificationUriComplete: page, interval: 1, expiresIn: 600 };
        }) as unknown as SsoDeviceFlowDeps['oidc']['send'],
      };
      await assert.rejects(runSsoDeviceFlow(input, deps(() => undefined, { oidc: fake })), (e: unknown) => e instanceof Error && /not an https address/.test(e.message), page);
    }
    assert.deepEqual(shown, [], 'nothing was shown or opened');
    assert.deepEqual(sleeps, []);
  });
});
