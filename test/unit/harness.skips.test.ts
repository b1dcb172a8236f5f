// Skips are reported with their reason and counted: the counting reporter's line is what npm test adds up, so a
// skip that went missing there would make a run look more complete than it was.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('skips in the results line', function () {
  it('counts every skip, prints each reason under its test, and asks for one where none was given', function () {
    const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const run = spawnSync(
      process.execPath,
      [mocha, '--reporter', path.join(root, 'test', 'support', 'countingReporter.js'), '--reporter-option', 'layer=fixture', path.join(root, 'out', 'test', 'support', 'skipFixture.js')],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    const results = /^ROLE_CHAINS_RESULTS (\{.*\})$/m.exec(run.stdout)?.[1];
    assert.ok(results, `no results line in:\n${run.stdout}`);
    assert.deepEqual(JSON.parse(results), { layer: 'fixture', passed: 1, failed: 0, skipped: 3 });
    assert.match(run.stdout, /- skips itself\n\s+skipped: the fixture has no editor\n/);
    assert.match(run.stdout, /- would need Ceph\n\s+skipped: the fixture has no Ceph\n/);
    assert.match(run.stdout, /- skips without a reason\n\s+skipped: no reason given \(use skipBecause\)\n/);
  });
});
