import * as vscode from 'vscode';
import { toUserMessage } from '../../core/errorMessages';
import { isCancelled } from '../../core/errors';
import type { Log } from '../log/log';

/**
 * Registers a command behind the one error boundary every command shares: a failure is logged in full (the log
 * redacts) and shown as one sentence with *Show Log*; cancelling is not a failure. Messages are not awaited, so the
 * command's promise settles without waiting for someone to close a notification. What the handler returns is the
 * command's result (undefined after a failure), so a caller can read the outcome as state instead of from a toast.
 */
export function registerCommand<A extends unknown[]>(
  context: vscode.ExtensionContext,
  log: Log,
  id: string,
  handler: (...args: A) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...(args as A));
      } catch (error) {
        reportFailure(log, id, error);
        return undefined;
      }
    }),
  );
}

export function reportFailure(log: Log, id: string, error: unknown): void {
  if (isCancelled(error)) {
    log.info(`${id}: cancelled`);
    return;
  }
  const sentence = toUserMessage(error);
  log.error(`${id} failed: ${sentence}`, error);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(sentence, showLog).then((choice) => {
    if (choice === showLog) log.show();
  });
}
