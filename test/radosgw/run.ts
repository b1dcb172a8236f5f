// The radosgw test layer: `node out/test/radosgw/run.js`. Runs the suite with the counting reporter, so the layer
// ends with `ROLE_CHAINS_RESULTS {"layer":"radosgw",…}` (all skipped where Ceph is not installed). A signal or
// the process exiting always takes the Ceph daemons and their temporary folder down with it.
import * as path from 'node:path';
import Mocha from 'mocha';
import { stopAllNow } from './cluster';

const root = path.resolve(__dirname, '..', '..', '..');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAllNow();
    process.exit(130);
  });
}

const mocha = new Mocha({
  reporter: path.join(root, 'test', 'support', 'countingReporter.js'),
  reporterOptions: { layer: 'radosgw' },
  timeout: 120_000,
  slow: 5_000,
});
mocha.addFile(path.join(__dirname, 's3Core.test.js'));
mocha.run((failures) => {
  stopAllNow();
  // The SDK's keep-alive sockets would hold the process open; every result is printed by now.
  process.exitCode = failures > 0 ? 1 : 0;
  setImmediate(() => process.exit());
});
