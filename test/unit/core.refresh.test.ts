// Expiry planning: when to warn, when a chain may be refreshed without prompts, and the duration tooltips.
import assert from 'node:assert/strict';
import type { ChainConfig } from '../../src/core/chain';
import { DEFAULT_REFRESH_BEFORE_MS, effectiveDuration, planRefresh } from '../../src/core/refresh';
import type { Session, StepSession } from '../../src/core/session';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MIN = 60_000;
const ROLE_A = 'arn:aws:iam::222222222222:role/RoleA';
const ROLE_B = 'arn:aws:iam::333333333333:role/RoleB';

function stepSession(index: number, roleArn: string, expiresAt: number): StepSession {
  return {
    index,
    roleArn,
    assumedRoleArn: `arn:aws:sts::222222222222:assumed-role/R${index}/s`,
    assumedRoleId: `AROAEXAMPLE${index}:s`,
    account: '222222222222',
    sessionName: 's',
    requestedDurationSeconds: 3600,
    expiresAt,
    region: 'us-east-1',
    credentials: { accessKeyId: `ASIAEXAMPLE${index}`, secretAccessKey: 'x', sessionToken: 'y', expiration: expiresAt },
  };
}

function session(lifetimeMs = 60 * MIN, chainName = 'c'): Session {
  const steps = [stepSession(0, ROLE_A, T0 + 2 * lifetimeMs), stepSession(1, ROLE_B, T0 + lifetimeMs)];
  return { chainName, createdAt: T0, expiresAt: T0 + lifetimeMs, steps };
}

function chain(steps: ChainConfig['steps'], name = 'c'): ChainConfig {
  return { name, steps };
}

const quiet: ChainConfig['steps'] = [
  { roleArn: ROLE_A, externalId: 'none' },
  { roleArn: ROLE_B, externalId: 'none' },
];

describe('planRefresh', () => {
  it('warns 5 minutes before the earliest step expiry by default', () => {
    const plan = planRefresh(session(), chain(quiet), T0);
    assert.equal(plan.expiresAt, T0 + 60 * MIN);
    assert.equal(plan.warnAt, T0 + 55 * MIN);
  });

  it('honours a custom warning lead and never warns before the session began', () => {
    assert.equal(planRefresh(session(), chain(quiet), T0, { warnBeforeMs: 2 * MIN }).warnAt, T0 + 58 * MIN);
    assert.equal(planRefresh(session(3 * MIN), chain(quiet), T0).warnAt, T0);
  });

  it('refreshes silently when no step needs typing, before the warning', () => {
    const plan = planRefresh(session(), chain(quiet), T0 + 5 * MIN);
    assert.equal(plan.canRefreshSilently, true);
    assert.deepEqual(plan.blockers, []);
    assert.equal(plan.refreshAt, T0 + 60 * MIN - DEFAULT_REFRESH_BEFORE_MS);
    assert.ok(plan.refreshAt! < plan.warnAt);
  });

  it('refreshes short sessions no earlier than half-way through', () => {
    const plan = planRefresh(session(15 * MIN), chain(quiet), T0);
    assert.equal(plan.refreshAt, T0 + 7.5 * MIN);
  });

  it('an ExternalId prompt blocks a silent refresh unless it is remembered', () => {
    const steps: ChainConfig['steps'] = [
      { roleArn: ROLE_A, externalId: 'prompt' },
      { roleArn: ROLE_B, externalId: 'none' },
    ];
    const blocked = planRefresh(session(), chain(steps), T0);
    assert.equal(blocked.canRefreshSilently, false);
    assert.equal(blocked.refreshAt, undefined);
    assert.deepEqual(blocked.blockers, [{ kind: 'externalId', stepIndex: 0 }]);
    const remembered = planRefresh(session(), chain(steps), T0, { isExternalIdRemembered: (i) => i === 0 });
    assert.equal(remembered.canRefreshSilently, true);
    assert.ok(remembered.refreshAt !== undefined);
  });

  it('MFA always blocks a silent refresh, even with every ExternalId remembered', () => {
    const steps: ChainConfig['steps'] = [
      { roleArn: ROLE_A, externalId: 'prompt', mfaSerial: 'arn:aws:iam::111111111111:mfa/dev' },
      { roleArn: ROLE_B, externalId: 'prompt' },
    ];
    const plan = planRefresh(session(), chain(steps), T0, { isExternalIdRemembered: () => true });
    assert.equal(plan.canRefreshSilently, false);
    assert.deepEqual(plan.blockers, [{ kind: 'mfa', stepIndex: 0 }]);
  });

  it('a chain edited since it ran, or an expired session, is not refreshed silently', () => {
    const edited = planRefresh(session(), chain([{ roleArn: ROLE_A, externalId: 'none' }]), T0);
    assert.deepEqual(edited.blockers, [{ kind: 'chainChanged' }]);
    const renamed = planRefresh(session(), chain(quiet, 'other'), T0);
    assert.deepEqual(renamed.blockers, [{ kind: 'chainChanged' }]);
    const expired = planRefresh(session(), chain(quiet), T0 + 60 * MIN);
    assert.equal(expired.canRefreshSilently, false);
    assert.deepEqual(expired.blockers, [{ kind: 'expired' }]);
  });
});

describe('effectiveDuration', () => {
  it('a first step gets what it asks for', () => {
    const d = effectiveDuration({ durationSeconds: 43200 }, 0);
    assert.deepEqual([d.requestedSeconds, d.effectiveSeconds, d.capped, d.chained], [43200, 43200, false, false]);
    assert.match(d.explanation, /^Requested 12 h/);
  });

  it('a chained step asking for more than an hour gets one hour, and says why', () => {
    const d = effectiveDuration({ durationSeconds: 7200 }, 1);
    assert.deepEqual([d.requestedSeconds, d.effectiveSeconds, d.capped, d.chained], [7200, 3600, true, true]);
    assert.match(d.explanation, /Requested 2 h, effective 1 h: .*role chaining.*1 h/);
  });

  it('a chained step within the cap is explained without claiming a cap', () => {
    const d = effectiveDuration({ durationSeconds: 1800 }, 2);
    assert.deepEqual([d.effectiveSeconds, d.capped, d.chained], [1800, false, true]);
    assert.match(d.explanation, /^Requested 30 min; role-chained sessions last at most 1 h/);
  });

  it('an unset duration is the 1-hour default', () => {
    const d = effectiveDuration({}, 0);
    assert.equal(d.requestedSeconds, 3600);
    assert.match(d.explanation, /^Default 1 h/);
  });
});
