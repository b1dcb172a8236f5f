// Mocha reporter: the spec reporter's output plus one machine-readable line that test/runAll.mjs adds up.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha loads reporters by path, as CommonJS
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const layer = (options && options.reporterOptions && options.reporterOptions.layer) || process.env.ROLE_CHAINS_LAYER || 'tests';
    runner.once('end', () => {
      const s = runner.stats || {};
      const line = `ROLE_CHAINS_RESULTS ${JSON.stringify({ layer, passed: s.passes || 0, failed: s.failures || 0, skipped: s.pending || 0 })}`;
      // console.log is what the extension host forwards to the harness, and what a plain Node run prints.
      console.log(line);
    });
  }
}
module.exports = CountingReporter;
