import * as vscode from 'vscode';
import type { Log } from '../log/log';
import { reportFailure } from './registerCommand';

/**
 * Stand-ins for a feature's commands until its code is needed. The first call of any of them loads the feature's
 * bundle (`import('./x.lazy')`, built into dist/lazy/ by esbuild.mjs), replaces the stand-ins with the real commands
 * the feature registers as usual, and passes the call on with its arguments and result. Activation pays for the ids
 * only; the first command pays for loading its feature once.
 *
 * The lazy bundle has its own copies of the modules it imports, so it gets every stateful object (stores, UI holders,
 * trees) through `register`'s arguments, never by building its own.
 */
export function registerLazily<M>(
  d: { context: vscode.ExtensionContext; log: Log },
  ids: readonly string[],
  load: () => Promise<M>,
  register: (feature: M) => void,
): void {
  let loaded: Promise<void> | undefined;
  const standIns: vscode.Disposable[] = ids.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        loaded ??= load().then((feature) => {
          // Synchronously, so no call finds the id unregistered between the two.
          for (const standIn of standIns) standIn.dispose();
          register(feature);
        });
        await loaded;
      } catch (error) {
        loaded = undefined;
        reportFailure(d.log, id, error);
        return undefined;
      }
      return vscode.commands.executeCommand(id, ...args);
    }),
  );
  d.context.subscriptions.push(...standIns);
}
