// Session (de)serialisation, tamper checks and expiry arithmetic with an injected clock.
import assert from 'node:assert/strict';
import { deserializeSession, earliestExpiry, formatTimeLeft, isExpired, msLeft, secretsOf, serializeSession, describeSession, type Session } from '../../src/core/session';
import type { Clock } from '../../src/core/clock';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function fakeClock(start = T0): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

function sampleSession(): Session {
  const step = (index: number, expiresAt: number) => ({
    index,
    roleArn: `arn:aws:iam::22222222222${index}:role/Role${index}`,
    assumedRoleArn: `arn:aws:sts::22222222222${index}:assumed-role/Role${index}/role-chains-alice`,
    assumedRoleId: `AROAEXAMPLE${index}:role-chains-alice`,
    account: `22222222222${index}`,
    sessionName: 'role-chains-alice',
    requestedDurationSeconds: 3600,
    expiresAt,
    region: 'us-east-1',
    credentials: { accessKeyId: `ASIAEXAMPLE${index}`, secretAccessKey: `secret-${index}-wJalrXUtnFEMI/K7MDENG`, sessionToken: `token-${index}-IQoJb3JpZ2lu`, expiration: expiresAt },
  });
  return { chainName: 'prod', createdAt: T0, expiresAt: T0 + 30 * 60_000, steps: [step(0, T0 + 60 * 60_000), step(1, T0 + 30 * 60_000)] };
}

describe('session', () => {
  it('round-trips through serialisation', () => {
    const s = sampleSession();
    assert.deepEqual(deserializeSession(serializeSession(s)), s);
  });

  const tampered: Array<[string, (o: Record<string, unknown> & { steps: Array<Record<string, unknown>> }) => unknown]> = [
    ['not JSON', () => '{"v":1,'],
    ['JSON null', () => null],
    ['an array', () => []],
    ['an unknown format version', (o) => ({ ...o, v: 2 })],
    ['no version', (o) => ({ ...o, v: undefined })],
    ['a missing chain name', (o) => ({ ...o, chainName: '' })],
    ['no steps', (o) => ({ ...o, steps: [] })],
    ['a step with a missing secret', (o) => ({ ...o, steps: [{ ...o.steps[0], credentials: { ...(o.steps[0]!.credentials as object), secretAccessKey: undefined } }, o.steps[1]] })],
    ['a step with a numeric token', (o) => ({ ...o, steps: [{ ...o.steps[0], credentials: { ...(o.steps[0]!.credentials as object), sessionToken: 42 } }, o.steps[1]] })],
    ['steps out of order', (o) => ({ ...o, steps: [o.steps[1], o.steps[0]] })],
    ['an expiry later than the earliest step (extended by hand)', (o) => ({ ...o, expiresAt: (o.expiresAt as number) + 3_600_000 })],
    ['a step expiry that disagrees with its credentials', (o) => ({ ...o, steps: [{ ...o.steps[0], expiresAt: (o.steps[0]!.expiresAt as number) + 1 }, o.steps[1]] })],
    ['a bad account', (o) => ({ ...o, steps: [{ ...o.steps[0], account: '12' }, o.steps[1]] })],
    ['a string expiry', (o) => ({ ...o, expiresAt: String(o.expiresAt) })],
    ['created after it expires', (o) => ({ ...o, createdAt: (o.expiresAt as number) + 1 })],
  ];
  for (const [title, edit] of tampered) {
    it(`rejects ${title}`, () => {
      const o = JSON.parse(serializeSession(sampleSession())) as Record<string, unknown> & { steps: Array<Record<string, unknown>> };
      const edited = edit(o);
      const text = typeof edited === 'string' ? edited : JSON.stringify(edited);
      assert.equal(deserializeSession(text), undefined);
    });
  }

  it('uses the earliest step expiry', () => {
    assert.equal(earliestExpiry([{ expiresAt: 5 }, { expiresAt: 3 }, { expiresAt: 9 }]), 3);
  });

  it('counts time left and expiry with an injected clock', () => {
    const s = sampleSession();
    const clock = fakeClock();
    assert.equal(msLeft(s, clock.now()), 30 * 60_000);
    assert.equal(isExpired(s, clock.now()), false);
    assert.equal(formatTimeLeft(msLeft(s, clock.now())), '30 min');
    clock.advance(28 * 60_000 + 59_000); // 61 s left: still usable
    assert.equal(isExpired(s, clock.now()), false);
    clock.advance(1_000); // 60 s left: inside the skew margin
    assert.equal(isExpired(s, clock.now()), true);
    assert.equal(isExpired(s, clock.now(), 0), false);
    clock.advance(60_000);
    assert.equal(msLeft(s, clock.now()), 0);
    assert.equal(isExpired(s, clock.now(), 0), true);
    clock.advance(3_600_000);
    assert.equal(msLeft(s, clock.now()), 0, 'never negative');
  });

  it('formats time left', () => {
    assert.equal(formatTimeLeft(42 * 60_000 + 59_000), '42 min');
    assert.equal(formatTimeLeft(65 * 60_000), '1 h 05 min');
    assert.equal(formatTimeLeft(12 * 3_600_000), '12 h 00 min');
    assert.equal(formatTimeLeft(59_999), '< 1 min');
    assert.equal(formatTimeLeft(0), 'expired');
    assert.equal(formatTimeLeft(-5), 'expired');
    assert.equal(formatTimeLeft(Number.NaN), 'expired');
  });

  it('lists every secret for redaction, and describes itself without any', () => {
    const s = sampleSession();
    const secrets = secretsOf(s);
    assert.deepEqual(secrets.sort(), [s.steps[0]!.credentials.secretAccessKey, s.steps[0]!.credentials.sessionToken, s.steps[1]!.credentials.secretAccessKey, s.steps[1]!.credentials.sessionToken].sort());
    const text = JSON.stringify(describeSession(s));
    for (const secret of secrets) assert.ok(!text.includes(secret));
    assert.match(text, /assumed-role\/Role1/);
  });
});
