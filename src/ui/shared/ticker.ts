import * as vscode from 'vscode';
import { msToNextMinute } from '../../core/session';

/**
 * The extension's one timer: minutes left in the tree and status bar, and expiry pruning, all follow it. It fires
 * just after each wall-clock minute begins, when displayTimeLeft changes, so every display moves at the same moment.
 */
export class Ticker implements vscode.Disposable {
  private readonly ticked = new vscode.EventEmitter<void>();
  readonly onTick = this.ticked.event;
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly now: () => number = Date.now) {
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
    this.ticked.dispose();
  }

  private schedule(): void {
    // A few ms late rather than early: a timer that fires before the minute would show the old minute for one more.
    this.handle = setTimeout(() => {
      this.ticked.fire();
      this.schedule();
    }, msToNextMinute(this.now()) + 20);
  }
}
