// Mocha reporter: the spec reporter's output, the reason under each skipped test (test/support/skip.ts), and one
// machine-readable line that test/runAll.mjs adds up.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha loads reporters by path, as CommonJS
const Mocha = require('mocha');

/** The reason skipBecause() left on the test or on one of its suites; none for a plain this.skip() or it.skip. */
function skipReason(test) {
  for (let r = test; r; r = r.parent) if (r.skipReason) return r.skipReason;
  return undefined;
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const layer = (options && options.reporterOptions && options.reporterOptions.layer) || process.env.ROLE_CHAINS_LAYER || 'tests';
    // Registered after the spec reporter's own listener, so the reason prints under the skipped test's line.
    runner.on('pending', (test) => {
      console.log(`${'  '.repeat(depth(test) + 2)}skipped: ${skipReason(test) ?? 'no reason given (use skipBecause)'}`);
    });
    runner.once('end', () => {
      const s = runner.stats || {};
      const line = `ROLE_CHAINS_RESULTS ${JSON.stringify({ layer, passed: s.passes || 0, failed: s.failures || 0, skipped: s.pending || 0 })}`;
      // console.log is what the extension host forwards to the harness, and what a plain Node run prints.
      console.log(line);
    });
  }
}

function depth(test) {
  let d = 0;
  for (let s = test.parent; s && !s.root; s = s.parent) d += 1;
  return d;
}
module.exports = CountingReporter;
