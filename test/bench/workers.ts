// Measuring processes (worker.ts) for the cases: node with --expose-gc, pointed at the packaged dist folder.
import fs from 'node:fs';
import path from 'node:path';
import { forkRpc, type RpcChild } from './rpc';
import { DIST_ENV } from './tasks/bundle';

export interface WorkerOptions {
  /** Run the worker under node's --cpu-prof; its profile lands in this folder when it exits. */
  cpuProfileDir?: string;
}

export async function withWorker<T>(distDir: string, work: (worker: RpcChild) => Promise<T>, options: WorkerOptions = {}): Promise<T> {
  const profiling = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const worker = await forkRpc(path.join(__dirname, 'worker.js'), {
    execArgv: ['--expose-gc', ...profiling],
    env: { ...process.env, [DIST_ENV]: distDir },
  });
  try {
    return await work(worker);
  } finally {
    await worker.stop();
  }
}

/** Runs `work` in a profiled worker and returns its result with the profile file written at the worker's exit. */
export async function profiledWorker<T>(distDir: string, dir: string, work: (worker: RpcChild) => Promise<T>): Promise<{ result: T; profile?: string }> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = await withWorker(distDir, work, { cpuProfileDir: dir });
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return { result, ...(file ? { profile: path.join(dir, file) } : {}) };
}
