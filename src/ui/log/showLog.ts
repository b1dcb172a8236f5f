import type * as vscode from 'vscode';
import type { Log } from './log';
import { registerCommand } from '../shared/registerCommand';

export function registerShowLog(context: vscode.ExtensionContext, log: Log): void {
  registerCommand(context, log, 'roleChains.log.show', () => log.show());
}
