// The benchmark's handle on its local endpoint, which runs in a child process (see endpointHost.ts).
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

export async function startBenchEndpoint(): Promise<BenchEndpoint> {
  const child: RpcChild = await forkRpc(path.join(__dirname, 'endpointHost.js'));
  try {
    const { endpoint } = await child.call<{ endpoint: string }>('start', {}, 30_000);
    return {
      endpoint,
      pid: child.pid,
      setFaults: async (faults) => void (await child.call('setFaults', faults)),
      logCounts: () => child.call<LogCounts>('logCounts'),
      clearLog: async () => void (await child.call('clearLog')),
      cpuMs: () => child.call<number>('cpuMs'),
      stop: () => child.stop(),
    };
  } catch (e) {
    await child.stop();
    throw e;
  }
}
