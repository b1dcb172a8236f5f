// Child process holding the local endpoint, so its request handling (SigV4, checksums, disk writes) runs on its
// own event loop and core, as a remote service would, instead of competing with the client being measured.
import { startLocalAws, type Faults, type LocalAws, type RequestLogEntry } from '../localAws';
import { serveRpc } from './rpc';
import { benchScenario } from './scenario';

export interface LogCounts {
  total: number;
  sts: number;
  s3: number;
  errors: number;
  byOperation: Record<string, number>;
  /** Answered with success (below 400, and not a refused connection, which keeps the default 200), by operation. */
  okByOperation: Record<string, number>;
}

function countLog(entries: RequestLogEntry[]): LogCounts {
  const counts: LogCounts = { total: entries.length, sts: 0, s3: 0, errors: 0, byOperation: {}, okByOperation: {} };
  for (const e of entries) {
    if (e.service === 'sts') counts.sts++;
    if (e.service === 's3') counts.s3++;
    if (e.status >= 400) counts.errors++;
    counts.byOperation[e.operation] = (counts.byOperation[e.operation] ?? 0) + 1;
    if (e.status < 400 && !e.errorCode) counts.okByOperation[e.operation] = (counts.okByOperation[e.operation] ?? 0) + 1;
  }
  return counts;
}

let aws: LocalAws | undefined;
const running = (): LocalAws => {
  if (!aws) throw new Error('the endpoint is not started');
  return aws;
};

serveRpc(
  {
    start: async () => {
      aws ??= await startLocalAws({ config: benchScenario() });
      return { endpoint: aws.endpoint, dataDir: aws.dataDir };
    },
    setFaults: async (faults: Faults) => {
      running().setFaults(faults);
      return {};
    },
    // Counts only: the log of a listing seed holds 100,000 entries, not worth copying across processes.
    logCounts: async () => countLog(running().requestLog()),
    // CPU the endpoint process has used so far (ms): tells whether the endpoint or the client sets the pace.
    cpuMs: async () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    clearLog: async () => {
      running().clearRequestLog();
      return {};
    },
  },
  async () => {
    await aws?.stop();
  },
);
