// The benchmark's handle on its local endpoint, which runs in a child process (see endpointHost.ts).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Faults } from '../localAws';
import type { LogCounts } from './endpointHost';
import { forkRpc, type RpcChild } from './rpc';

export type { LogCounts } from './endpointHost';

export interface BenchEndpoint {
  endpoint: string;
  pid: number;
  setFaults(faults: Faults): Promise<void>;
  logCounts(): Promise<LogCounts>;
  clearLog(): Promise<void>;
  /** CPU time the endpoint process has used so far, ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 60_000;

export async function startBenchEndpoint(): Promise<BenchEndpoint> {
  const child: RpcChild = await forkRpc(path.join(__dirname, 'endpointHost.js'));
  try {
    const { endpoint, dataDir } = await child.call<{ endpoint: string; dataDir: string }>('start', {}, 30_000);
    // The endpoint removes its data (GBs after the transfer cases) itself; give it time, and make sure afterwards.
    const stop = async (): Promise<void> => {
      await child.stop(STOP_GRACE_MS);
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    };
    return {
      endpoint,
      pid: child.pid,
      setFaults: async (faults) => void (await child.call('setFaults', faults)),
      logCounts: () => child.call<LogCounts>('logCounts'),
      clearLog: async () => void (await child.call('clearLog')),
      cpuMs: () => child.call<number>('cpuMs'),
      stop,
    };
  } catch (e) {
    await child.stop();
    throw e;
  }
}
