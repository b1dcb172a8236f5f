// Measuring processes (worker.ts) for the cases: node with --expose-gc, pointed at a dist folder.
import path from 'node:path';
import { forkRpc, type RpcChild } from './rpc';
import { DIST_ENV } from './tasks/bundle';

export async function withWorker<T>(distDir: string, work: (worker: RpcChild) => Promise<T>): Promise<T> {
  const worker = await forkRpc(path.join(__dirname, 'worker.js'), {
    execArgv: ['--expose-gc'],
    env: { ...process.env, [DIST_ENV]: distDir },
  });
  try {
    return await work(worker);
  } finally {
    await worker.stop();
  }
}

/** Runs one worker task under the CPU profiler; the profile of that task alone is written to `file`. */
export function profiledTask(distDir: string, task: string, args: unknown, file: string): Promise<unknown> {
  return withWorker(distDir, (w) => w.call('profiled', { task, args, file }));
}
