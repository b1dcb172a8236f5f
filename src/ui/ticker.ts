import * as vscode from 'vscode';

/** The extension's one timer: minutes left in the tree and status bar, and expiry pruning, all follow it. */
export class Ticker implements vscode.Disposable {
  private readonly ticked = new vscode.EventEmitter<void>();
  readonly onTick = this.ticked.event;
  private readonly handle: ReturnType<typeof setInterval>;

  constructor(intervalMs = 60_000) {
    this.handle = setInterval(() => this.ticked.fire(), intervalMs);
  }

  dispose(): void {
    clearInterval(this.handle);
    this.ticked.dispose();
  }
}
