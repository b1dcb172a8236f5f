// Runs one worker task under V8's sampling profiler (through an inspector session, so the profile covers the task
// alone, not the worker's start-up and module loading) and writes the profile to a file.
import fs from 'node:fs';
import inspector from 'node:inspector';

type Task = (args: never) => Promise<unknown>;

function post(session: inspector.Session, method: string, params: object = {}): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

export function profiledTask(tasks: Record<string, Task>): (args: { task: string; args: unknown; file: string }) => Promise<unknown> {
  return async ({ task, args, file }) => {
    const run = tasks[task];
    if (!run) throw new Error(`unknown task ${task}`);
    const session = new inspector.Session();
    session.connect();
    try {
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(session, 'Profiler.start');
      const result = await run(args as never);
      const { profile } = (await post(session, 'Profiler.stop')) as { profile: object };
      fs.writeFileSync(file, JSON.stringify(profile));
      return result;
    } finally {
      session.disconnect();
    }
  };
}
