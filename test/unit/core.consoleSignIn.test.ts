// Console sign-in: the client against the local federation endpoint (getSigninToken, then the login redirect),
// SessionDuration only for a first-step session, the endpoint's own checks (invalid, expired, long-term and
// chained credentials), the AWS default endpoint chosen but never contacted, and no credential in any message or log.
import assert from 'node:assert/strict';
import { consoleSignInUrl, DEFAULT_FEDERATION_ENDPOINT, runChain, type ConsoleSignInOptions } from '../../src/core/aws';
import type { RoleChainError } from '../../src/core/errors';
import type { Session } from '../../src/core/session';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { SIGNIN_TOKEN_TTL_MS } from '../localAws/federation';
import { scriptedPrompts, seedBaseCredentials, seedChain } from '../support/chainFixtures';

const DESTINATION = 'https://console.aws.amazon.com/s3/home?region=us-east-1';

interface Call {
  url: string;
  method: string;
}

/** fetch that records what was asked for and passes it on (or answers itself when `answer` is given). */
function recordingFetch(answer?: (url: string) => Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    calls.push({ url, method: init?.method ?? 'GET' });
    return answer ? answer(url) : fetch(input, init);
  }) as typeof fetch;
  return { fetch: f, calls };
}

async function failure(p: Promise<unknown>): Promise<RoleChainError> {
  try {
    await p;
  } catch (e) {
    return e as RoleChainError;
  }
  return assert.fail('expected a failure');
}

async function federation(aws: LocalAws, params: Record<string, string>, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; text: string; location: string | null }> {
  const body = new URLSearchParams(params).toString();
  const res =
    method === 'GET'
      ? await fetch(`${aws.endpoint}/federation?${body}`, { redirect: 'manual' })
      : await fetch(`${aws.endpoint}/federation`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

function sessionParam(session: Session, stepIndex: number, change: Partial<Record<'sessionId' | 'sessionKey' | 'sessionToken', string>> = {}): string {
  const c = session.steps[stepIndex]!.credentials;
  return JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken, ...change });
}

describe('console sign-in through the local federation endpoint', function () {
  this.timeout(30_000);
  let aws: LocalAws;
  let session: Session;

  before(async () => {
    aws = await startLocalAws();
    session = await runChain(seedChain(2), { prompts: scriptedPrompts(() => aws.mfaCode(SEED.developerName)), endpoints: { sts: aws.endpoint }, baseCredentials: seedBaseCredentials() });
  });
  after(async () => {
    await aws?.stop();
  });
  beforeEach(() => aws.clearRequestLog());

  const local = (extra: ConsoleSignInOptions = {}): ConsoleSignInOptions => ({ federationEndpoint: aws.endpoint, destination: DESTINATION, ...extra });

  /** Every credential in play: none may show in messages, descriptions or the endpoint's log. */
  const secrets = () => aws.seenSecrets().filter((s) => s.kind !== 'mfaCode').map((s) => s.value);

  it('signs a first-step session in: the login URL redirects to the console destination', async () => {
    const spy = recordingFetch();
    const signIn = await consoleSignInUrl(session, 0, local({ fetch: spy.fetch, issuer: 'https://example.invalid/role-chains' }));
    const url = new URL(signIn.url);
    assert.equal(`${url.origin}${url.pathname}`, `${aws.endpoint}/federation`);
    assert.deepEqual([...url.searchParams.keys()], ['Action', 'Issuer', 'Destination', 'SigninToken']);
    assert.equal(url.searchParams.get('Action'), 'login');
    assert.equal(url.searchParams.get('Destination'), DESTINATION);
    assert.equal(signIn.consoleSessionEndsAt, undefined, 'without SessionDuration AWS decides');
    assert.ok(Math.abs(signIn.linkExpiresAt - Date.now() - 15 * 60_000) < 5000);

    assert.equal(spy.calls.length, 1);
    const asked = new URL(spy.calls[0]!.url);
    assert.equal(asked.searchParams.get('Action'), 'getSigninToken');
    assert.equal(asked.searchParams.has('SessionDuration'), false);
    assert.deepEqual(JSON.parse(asked.searchParams.get('Session')!), JSON.parse(sessionParam(session, 0)));

    const login = await fetch(signIn.url, { redirect: 'manual' });
    assert.equal(login.status, 302);
    assert.equal(login.headers.get('location'), DESTINATION);
  });

  it('a chained step signs in without SessionDuration, and its console session ends with the role session', async () => {
    const spy = recordingFetch();
    const signIn = await consoleSignInUrl(session, 1, local({ fetch: spy.fetch }));
    assert.equal(new URL(spy.calls[0]!.url).searchParams.has('SessionDuration'), false);
    assert.equal(signIn.consoleSessionEndsAt, session.steps[1]!.expiresAt);
    assert.equal((await fetch(signIn.url, { redirect: 'manual' })).status, 302);
  });

  it('SessionDuration is sent for a first-step session only; for a chained step nothing is sent', async () => {
    const spy = recordingFetch();
    const first = await consoleSignInUrl(session, 0, local({ fetch: spy.fetch, sessionDurationSeconds: 7200 }));
    assert.equal(new URL(spy.calls[0]!.url).searchParams.get('SessionDuration'), '7200');
    assert.ok(Math.abs(first.consoleSessionEndsAt! - Date.now() - 7200_000) < 5000);

    const chained = await failure(consoleSignInUrl(session, 1, local({ fetch: spy.fetch, sessionDurationSeconds: 3600 })));
    assert.equal(chained.kind, 'validation');
    assert.match(chained.message, /cannot be set for a chained step/);
    const outOfRange = await failure(consoleSignInUrl(session, 0, local({ fetch: spy.fetch, sessionDurationSeconds: 60 })));
    assert.match(outOfRange.message, /900–43200 seconds; got 60/);
    assert.equal(spy.calls.length, 1, 'no request for rejected input');
  });

  it('the endpoint refuses SessionDuration for a role-chained session, as AWS does, and the client explains it', async () => {
    const direct = await federation(aws, { Action: 'getSigninToken', SessionDuration: '3600', Session: sessionParam(session, 1) });
    assert.equal(direct.status, 400);
    assert.match(direct.text, /role chaining/);
    // Same rule through POST, the other form AWS accepts.
    assert.equal((await federation(aws, { Action: 'getSigninToken', SessionDuration: '3600', Session: sessionParam(session, 1) }, 'POST')).status, 400);
    assert.equal((await federation(aws, { Action: 'getSigninToken', SessionDuration: '3600', Session: sessionParam(session, 0) }, 'POST')).status, 200);

    // A first step whose base credentials were themselves a role session is chained too: only the endpoint knows.
    const fromRole: Session = { ...session, steps: [{ ...session.steps[1]!, index: 0 }] };
    const e = await failure(consoleSignInUrl(fromRole, 0, local({ sessionDurationSeconds: 3600 })));
    assert.equal(e.kind, 'aws');
    assert.match(e.message, /rejected the request \(400\); if this role was assumed with another role's credentials, sign in without a session duration/);
    assert.ok((await consoleSignInUrl(fromRole, 0, local())).url.includes('SigninToken='));
  });

  it('the endpoint checks the credentials against its store: wrong secret, wrong token, unknown key, long-term keys', async () => {
    const wrongSecret = await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 0, { sessionKey: 'x'.repeat(40) }) });
    assert.equal(wrongSecret.status, 403);
    assert.equal((await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 0, { sessionToken: 'bm90IHRoZSB0b2tlbg==' }) })).status, 403);
    assert.equal((await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 0, { sessionId: 'ASIAUNKNOWNUNKNOWN01' }) })).status, 403);
    const user = JSON.stringify({ sessionId: SEED.developerAccessKeyId, sessionKey: SEED.developerSecretAccessKey, sessionToken: 'none' });
    assert.equal((await federation(aws, { Action: 'getSigninToken', Session: user })).status, 403);
    assert.equal((await federation(aws, { Action: 'getSigninToken', Session: 'not json' })).status, 400);
    assert.equal((await federation(aws, { Action: 'getSigninToken' })).status, 400);
    assert.equal((await federation(aws, { Action: 'somethingElse' })).status, 400);
  });

  it('login needs a valid SigninToken and an http(s) Destination', async () => {
    assert.equal((await federation(aws, { Action: 'login', Destination: DESTINATION, SigninToken: 'made-up' })).status, 403);
    const token = (JSON.parse((await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 0) })).text) as { SigninToken: string }).SigninToken;
    assert.equal((await federation(aws, { Action: 'login', Destination: 'javascript:alert(1)', SigninToken: token })).status, 400);
    assert.equal((await federation(aws, { Action: 'login', SigninToken: token })).status, 400);
    const ok = await federation(aws, { Action: 'login', Issuer: 'x', Destination: DESTINATION, SigninToken: token });
    assert.deepEqual([ok.status, ok.location], [302, DESTINATION]);
  });

  it('a session the endpoint no longer accepts fails with a message that holds no credential', async () => {
    const broken: Session = structuredClone(session);
    broken.steps[0]!.credentials.secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
    const e = await failure(consoleSignInUrl(broken, 0, local()));
    assert.equal(e.kind, 'access-denied');
    assert.match(e.message, /^Console sign-in for step 1\/2 \(role\/RoleA in 222222222222\) of chain "seed-2" failed at http:\/\/127\.0\.0\.1:\d+: it did not accept the session \(403\)/);
    for (const s of [...secrets(), broken.steps[0]!.credentials.secretAccessKey]) assert.ok(!e.message.includes(s));
  });

  it('checks before sending: unknown step, expired session, bad endpoint or destination', async () => {
    const spy = recordingFetch();
    assert.match((await failure(consoleSignInUrl(session, 5, local({ fetch: spy.fetch })))).message, /has no step 6/);
    const later = { now: () => session.expiresAt + 1 };
    assert.equal((await failure(consoleSignInUrl(session, 0, local({ fetch: spy.fetch, clock: later })))).kind, 'expired-credentials');
    assert.match((await failure(consoleSignInUrl(session, 0, local({ fetch: spy.fetch, federationEndpoint: 'ftp://x' })))).message, /federation endpoint: Endpoint URLs use http or https/);
    assert.match((await failure(consoleSignInUrl(session, 0, local({ fetch: spy.fetch, destination: 'file:///etc/passwd' })))).message, /destination must be an http\(s\) URL/);
    assert.equal(spy.calls.length, 0);
  });

  it("uses AWS's federation endpoint by default (answered here by a stub: the real one is never contacted)", async () => {
    const spy = recordingFetch(() => new Response(JSON.stringify({ SigninToken: 'stub-token' }), { status: 200, headers: { 'content-type': 'application/json' } }));
    const signIn = await consoleSignInUrl(session, 1, { fetch: spy.fetch });
    assert.ok(spy.calls[0]!.url.startsWith(`${DEFAULT_FEDERATION_ENDPOINT}/federation?Action=getSigninToken&Session=`));
    const url = new URL(signIn.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://signin.aws.amazon.com/federation');
    assert.equal(url.searchParams.get('Destination'), 'https://console.aws.amazon.com/console/home?region=us-east-1');
    assert.ok(!signIn.description.includes('stub-token'));
    assert.match(signIn.description, /via https:\/\/signin\.aws\.amazon\.com\/federation to https:\/\/console\.aws\.amazon\.com\/console\/home$/);

    const gov: Session = structuredClone(session);
    gov.steps[0]!.assumedRoleArn = gov.steps[0]!.assumedRoleArn.replace('arn:aws:', 'arn:aws-us-gov:');
    await consoleSignInUrl(gov, 0, { fetch: spy.fetch });
    assert.ok(spy.calls[1]!.url.startsWith('https://signin.amazonaws-us-gov.com/federation?'));
  });

  it('network failures name the endpoint, not the request', async () => {
    const closed = await startLocalAws();
    const endpoint = closed.endpoint;
    await closed.stop();
    const e = await failure(consoleSignInUrl(session, 0, { federationEndpoint: endpoint, destination: DESTINATION }));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /could not reach the federation endpoint http:\/\/127\.0\.0\.1:\d+: connection refused/);
    for (const s of secrets()) assert.ok(!e.message.includes(s));
  });

  it('the request log names the federation actions and holds no Session, credential or SigninToken', async () => {
    const signIn = await consoleSignInUrl(session, 0, local());
    await fetch(signIn.url, { redirect: 'manual' });
    const log = aws.requestLog().filter((e) => e.service === 'federation');
    assert.deepEqual(log.map((e) => [e.operation, e.status]), [['getSigninToken', 200], ['login', 302]]);
    assert.equal(log[0]!.principal, session.steps[0]!.assumedRoleArn);
    const text = JSON.stringify(aws.requestLog());
    const signinToken = new URL(signIn.url).searchParams.get('SigninToken')!;
    for (const s of [signinToken, session.steps[0]!.credentials.secretAccessKey, session.steps[0]!.credentials.sessionToken]) assert.ok(!text.includes(s));
  });

  it('an expired session or sign-in token is refused by the endpoint', async () => {
    const token = (JSON.parse((await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 0) })).text) as { SigninToken: string }).SigninToken;
    aws.advanceClock(SIGNIN_TOKEN_TTL_MS + 1000);
    assert.equal((await federation(aws, { Action: 'login', Destination: DESTINATION, SigninToken: token })).status, 403);
    aws.advanceClock(2 * 3_600_000);
    const expired = await federation(aws, { Action: 'getSigninToken', Session: sessionParam(session, 1) });
    assert.equal(expired.status, 403);
    assert.match(expired.text, /expired/);
  });
});
