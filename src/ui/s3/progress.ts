import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Turns absolute percentages into the increments VS Code's progress bar adds up, at most ~10 updates a second
 * (the final 100 % always goes through), and never backwards.
 */
export function percentReporter(progress: Progress, clock: Clock, intervalMs = 100): (percent: number, message: string) => void {
  let shown = 0;
  let last = -Infinity;
  return (percent, message) => {
    const p = Math.min(100, Math.max(0, percent));
    const now = clock.now();
    if (p < 100 && now - last < intervalMs) return;
    last = now;
    progress.report({ increment: Math.max(0, p - shown), message });
    shown = Math.max(shown, p);
  };
}

/** An AbortSignal that fires when the person presses Cancel on the progress notification. */
export function abortOnCancel(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
