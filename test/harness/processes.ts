// Child processes in their own process group, so teardown can stop a process and everything it spawned
// (code-server forks its extension host and file watchers) with one signal.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { onCleanup, onSignal } from './cleanup';
import { sleep } from './timebox';

export interface Started {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout + stderr), for failure messages. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface StartOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** Prefix for echoed lines; omit to keep the output quiet (still captured). */
  echo?: string;
  /** Keep at most this many characters of output (older output is dropped). */
  keepChars?: number;
}

/** Process groups still running: killed synchronously if this process exits without its teardown having run. */
const liveGroups = new Set<number>();
function signalLiveGroups(signal: NodeJS.Signals): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', () => signalLiveGroups('SIGKILL'));
onSignal(() => signalLiveGroups('SIGTERM'));

/** Starts a long-running process in a new process group and registers its teardown. */
export function startProcess(what: string, cmd: string, args: string[], opts: StartOptions = {}): Started {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = opts.keepChars ?? 200_000;
  let out = '';
  const onData = (chunk: Buffer): void => {
    const s = chunk.toString();
    out = (out + s).slice(-keep);
    if (opts.echo) for (const line of s.split('\n')) if (line.trim()) console.log(`${opts.echo} ${line}`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  if (child.pid !== undefined) liveGroups.add(child.pid);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (e) => {
      out += `\n${what}: ${e.message}`;
      resolve(null);
    });
  });
  const stop = onCleanup(`stop ${what}`, () => killGroup(child, exited));
  return { child, output: () => out, exited, stop };
}

async function killGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* the group is gone */
    }
  };
  signalGroup('SIGTERM');
  const leaderGone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  // The leader may exit before its children: give them a moment, then SIGKILL the group so nothing is orphaned.
  if (leaderGone) await sleep(300);
  signalGroup('SIGKILL');
  liveGroups.delete(pid);
  await Promise.race([exited, sleep(2_000)]);
}

/** Runs a command to completion within `timeoutMs`; rejects with its output on failure or time-out. */
export async function runToEnd(what: string, cmd: string, args: string[], timeoutMs: number, opts: StartOptions = {}): Promise<string> {
  const p = startProcess(what, cmd, args, opts);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([p.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    await p.stop();
    throw new Error(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s\n${tail(p.output())}`);
  }
  await p.stop(); // reaps any grandchildren left in the group
  if (result !== 0) throw new Error(`${what} failed (exit ${String(result)})\n${tail(p.output())}`);
  return p.output();
}

export function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}
