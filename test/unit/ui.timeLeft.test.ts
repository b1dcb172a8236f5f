// Step rows stay short, and every display rounds the minutes left the same way.
import * as assert from 'node:assert/strict';
import { displayTimeLeft, formatTimeLeft, msToNextMinute } from '../../src/core/session';
import { stepDescription } from '../../src/ui/chains/stepDescription';

describe('step rows and minutes left', () => {
  it('a signed-in step row shows the account and session name, not the whole assumed ARN', () => {
    const signedIn = stepDescription('333333333333', { externalId: 'prompt' }, { sessionName: 'role-chains-alice' });
    assert.equal(signedIn, '333333333333 · as role-chains-alice');
    assert.ok(signedIn.length <= 12 + 6 + 64, 'longer than account and the longest session name');
    assert.doesNotMatch(signedIn, /arn:|assumed-role/);
    assert.equal(stepDescription('222222222222', { externalId: 'prompt', mfaSerial: 'arn:aws:iam::1:mfa/d' }, undefined), '222222222222 · ExternalId · MFA');
    assert.equal(stepDescription('444444444444', { externalId: 'none' }, undefined), '444444444444');
  });

  it('gives one answer for a whole wall-clock minute, so displays refreshed moments apart agree', () => {
    const minute = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
    const expiresAt = minute + 46 * 60_000 + 30_000; // 46.5 min after the minute starts
    const seen = new Set<string>();
    for (let t = minute; t < minute + 60_000; t += 997) seen.add(displayTimeLeft(expiresAt, t));
    assert.deepEqual([...seen], ['45 min']);
    // The old way: the same session read twice within that minute gave two different numbers.
    assert.notEqual(formatTimeLeft(expiresAt - minute), formatTimeLeft(expiresAt - (minute + 59_000)));
    assert.equal(displayTimeLeft(expiresAt, minute + 60_000), '44 min');
  });

  it('never shows more than is left, and says < 1 min or expired at the end', () => {
    for (let left = 1_000; left < 3 * 3_600_000; left += 61_337) {
      const now = 1_800_000_012_345;
      const shown = displayTimeLeft(now + left, now);
      const m = /^(?:(\d+) h )?(\d+) min$/.exec(shown);
      if (m) assert.ok((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60_000 <= left, `${shown} for ${left} ms`);
      else assert.equal(shown, '< 1 min');
    }
    assert.equal(displayTimeLeft(1000, 1000), 'expired');
    assert.equal(displayTimeLeft(1000, 999), '< 1 min');
  });

  it('the ticker waits for the next minute to begin', () => {
    assert.equal(msToNextMinute(120_000), 60_000);
    assert.equal(msToNextMinute(120_001), 59_999);
    assert.equal(msToNextMinute(179_999), 1);
  });
});
