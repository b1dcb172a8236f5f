// Request/response over a forked child's IPC channel. The benchmark keeps the endpoint and every measured
// transfer in processes of their own (so one event loop never slows another, and a process's peak memory is its
// own); credentials travel over this channel, never through files or command lines.
import { fork, type ChildProcess } from 'node:child_process';

interface Request {
  id: number;
  task: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface RpcChild {
  readonly pid: number;
  call<T>(task: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to exit, then kills it if it has not gone within `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_CALL_TIMEOUT_MS = 10 * 60_000;

/** Forks `modulePath` (a compiled .js that calls serveRpc) and waits until it says it is ready. */
export async function forkRpc(modulePath: string, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<RpcChild> {
  const child: ChildProcess = fork(modulePath, [], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${modulePath}`);
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${modulePath} exited (${signal ?? code}) during a call`));
      pending.clear();
      resolve();
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = (m: unknown): void => {
      if (m === 'ready') {
        child.off('message', onReady);
        resolve();
      }
    };
    child.on('message', onReady);
    void gone.then(() => reject(new Error(`${modulePath} exited before it was ready`)));
  });
  child.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || !('id' in m)) return;
    const reply = m as Reply;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(reply.error ?? 'the child failed without a message'));
  });
  await ready;

  return {
    pid,
    call<T>(task: string, args: unknown = {}, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<T> {
      if (exited) return Promise.reject(new Error(`${modulePath} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${task} did not finish within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, task, args } satisfies Request);
      });
    },
    async stop(graceMs = 5_000): Promise<void> {
      if (exited) return;
      child.send('exit');
      const killed = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(killed);
    },
  };
}

export type Handlers = Record<string, (args: never) => Promise<unknown>>;

/** The child side: answers each request with its handler's result; 'exit' runs `onExit` and leaves. */
export function serveRpc(handlers: Handlers, onExit: () => Promise<void> = async () => undefined): void {
  const send = (reply: Reply): void => {
    process.send?.(reply);
  };
  process.on('message', (m: unknown) => {
    if (m === 'exit') {
      void onExit().finally(() => process.exit(0));
      return;
    }
    const request = m as Request;
    const handler = handlers[request.task];
    if (!handler) {
      send({ id: request.id, ok: false, error: `unknown task ${request.task}` });
      return;
    }
    handler(request.args as never).then(
      (result) => send({ id: request.id, ok: true, result }),
      (e: unknown) => send({ id: request.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
  // The parent going away must not leave this process behind.
  process.on('disconnect', () => void onExit().finally(() => process.exit(0)));
  process.send?.('ready');
}
