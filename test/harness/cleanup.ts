// One teardown list per run: whatever started something registers how to stop it, and the list runs once,
// on success, on failure, on a time-out and on Ctrl-C / SIGTERM, newest first.

type Teardown = { what: string; fn: () => Promise<void> | void };

const teardowns: Teardown[] = [];
let running: Promise<void> | undefined;
let signalsInstalled = false;
let signalExitCode = 130;
const signalHooks: Array<() => void> = [];

/**
 * Runs synchronously the moment a signal arrives, before the orderly teardown: a runner that sends SIGTERM
 * usually sends SIGKILL a few seconds later, and by then every child must already have been told to stop.
 */
export function onSignal(hook: () => void): void {
  signalHooks.push(hook);
}

/** The exit code after Ctrl-C / SIGTERM: 130 for test runs (interrupted), 0 for the demo (that is how it stops). */
export function setSignalExitCode(code: number): void {
  signalExitCode = code;
}

/** Registers a teardown step; returns a function that runs it early (and removes it from the list). */
export function onCleanup(what: string, fn: () => Promise<void> | void): () => Promise<void> {
  const entry: Teardown = { what, fn };
  teardowns.push(entry);
  installSignalHandlers();
  return async () => {
    const i = teardowns.indexOf(entry);
    if (i >= 0) {
      teardowns.splice(i, 1);
      await runOne(entry);
    }
  };
}

/** Runs every registered teardown (newest first), each bounded so one stuck step cannot block the rest. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (teardowns.length > 0) {
      const entry = teardowns.pop() as Teardown;
      await runOne(entry);
    }
  })();
  return running;
}

async function runOne(entry: Teardown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(entry.fn),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error(`cleanup: "${entry.what}" did not finish within 15 s, moving on`);
          resolve();
        }, 15_000);
      }),
    ]);
  } catch (e) {
    console.error(`cleanup: "${entry.what}" failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping everything…`);
      for (const hook of signalHooks) {
        try {
          hook();
        } catch {
          /* the orderly teardown below still runs */
        }
      }
      void cleanupAll().finally(() => process.exit(signalExitCode));
    });
  }
}

/**
 * Runs `main` with a global time box; afterwards (or on failure/time-out) tears everything down and exits with
 * `main`'s exit code, 1 on failure, 124 on time-out.
 */
export function runMain(name: string, main: () => Promise<number>, timeoutMs: number): void {
  const timer = setTimeout(() => {
    console.error(`${name}: timed out after ${Math.round(timeoutMs / 1000)} s; stopping everything`);
    void cleanupAll().finally(() => process.exit(124));
  }, timeoutMs);
  main()
    .then(
      (code) => code,
      (e: unknown) => {
        console.error(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return 1;
      },
    )
    .then(async (code) => {
      clearTimeout(timer);
      await cleanupAll();
      process.exit(code);
    });
}
