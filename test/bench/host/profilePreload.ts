// Preloaded (NODE_OPTIONS=--require) into every node process code-server starts, for one profiled editor run of
// the activation case: in the extension host only, it samples the CPU from the first line of start-up (so the
// extension's activation is inside the profile) until the runner creates <dir>/stop, then writes
// <dir>/extension-host.cpuprofile. node's --cpu-prof cannot be used: NODE_OPTIONS refuses it.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { PROFILE_DIR_ENV, PROFILE_FILE } from './probeReport';

const dir = process.env[PROFILE_DIR_ENV];
if (dir && process.argv.includes('--type=extensionHost')) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 100 }, () => session.post('Profiler.start')));
  const poll = setInterval(() => {
    if (!fs.existsSync(path.join(dir, 'stop'))) return;
    clearInterval(poll);
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      // Written aside and renamed, so the runner never reads half a file.
      const partial = path.join(dir, `${PROFILE_FILE}.partial`);
      fs.writeFileSync(partial, JSON.stringify(result.profile));
      fs.renameSync(partial, path.join(dir, PROFILE_FILE));
    });
  }, 100);
  poll.unref();
}
