#!/usr/bin/env node
// The README's test command. Runs every layer, echoes its output, adds up the per-layer
// `ROLE_CHAINS_RESULTS {...}` lines and ends with one summary line: `N passed, N failed, N skipped`.
// A layer that crashes, times out or runs no test counts as a failure; one whose tests were all skipped (e.g. radosgw
// where Ceph is not installed) is reported as skipped, never as passed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

/** Each layer: a name, a command, a time box. Order matters: build first, cheapest tests first. */
const layers = [
  { name: 'build', cmd: ['npm', 'run', '-s', 'check'], minutes: 5, counts: false },
  { name: 'unit', cmd: ['npx', 'mocha', '--config', 'test/unit/.mocharc.json'], minutes: 15 },
  { name: 'radosgw', cmd: ['node', 'out/test/radosgw/run.js'], minutes: 5 },
  { name: 'integration', cmd: ['node', 'out/test/harness/runIntegration.js'], minutes: 10, optionalFile: 'test/harness/runIntegration.ts' },
  { name: 'e2e', cmd: ['node', 'out/test/harness/runE2e.js'], minutes: 15, optionalFile: 'test/harness/runE2e.ts' },
  // Quick mode only (one repetition, small sizes): the benchmarks keep running, their numbers never fail the build.
  { name: 'bench', cmd: ['node', 'out/test/bench/run.js', '--quick'], minutes: 6, optionalFile: 'test/bench/run.ts' },
];

const fs = await import('node:fs');
let passed = 0, failed = 0, skipped = 0;
const problems = [];

for (const layer of layers) {
  if (only.length && !only.includes(layer.name) && layer.name !== 'build') continue;
  if (layer.optionalFile && !fs.existsSync(path.join(root, layer.optionalFile))) {
    console.log(`\n=== ${layer.name}: not present yet, skipped`);
    continue;
  }
  console.log(`\n=== ${layer.name}: ${layer.cmd.join(' ')}`);
  const { code, output, timedOut } = await run(layer.cmd, layer.minutes * 60_000);
  if (layer.counts === false) {
    if (code !== 0) { failed += 1; problems.push(`${layer.name} failed (exit ${code})`); break; }
    continue;
  }
  const results = [...output.matchAll(/^ROLE_CHAINS_RESULTS (\{.*\})\s*$/gm)].map((m) => JSON.parse(m[1]));
  const sum = results.reduce((a, r) => ({ p: a.p + r.passed, f: a.f + r.failed, s: a.s + r.skipped }), { p: 0, f: 0, s: 0 });
  passed += sum.p; failed += sum.f; skipped += sum.s;
  if (timedOut) { failed += 1; problems.push(`${layer.name} timed out after ${layer.minutes} min`); }
  else if (results.length === 0) { failed += 1; problems.push(`${layer.name} reported no results (exit ${code})`); }
  else if (sum.p + sum.f + sum.s === 0) { failed += 1; problems.push(`${layer.name} ran no test`); }
  else if (code !== 0 && sum.f === 0) { failed += 1; problems.push(`${layer.name} exited ${code} with no failing test`); }
  if (sum.p + sum.f === 0 && sum.s > 0) console.log(`=== ${layer.name}: skipped (${sum.s} skipped)`);
  else console.log(`=== ${layer.name}: ${sum.p} passed, ${sum.f} failed, ${sum.s} skipped`);
}

for (const p of problems) console.log(`problem: ${p}`);
// Skips are always named, zero included: a test that could not check its claim is not a pass.
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

function run(cmd, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const onData = (stream) => (chunk) => { const s = chunk.toString(); output += s; stream.write(s); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid); }, timeoutMs);
    const onSignal = () => { killGroup(child.pid); process.exit(130); };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code: code ?? 1, output, timedOut });
    });
  });
}

function killGroup(pid) {
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
}
