import * as vscode from 'vscode';
import { prepareTerminalEndpointEnv } from '../../core/terminalEndpoints';
import type { ChainsViews, Services } from '../services';
import { registerOpenTerminal } from './openTerminal';
import { TerminalCredentials } from './terminalCredentials';

/** Open Terminal with Chain Credentials (`roleChains.terminal.open`) and the loopback credential endpoint behind it. */
export function registerTerminal(s: Services, chains: ChainsViews): TerminalCredentials {
  const terminals = new TerminalCredentials({
    store: s.store,
    log: s.log,
    clock: s.clock,
    hiddenSharedFilesPath: vscode.Uri.joinPath(s.context.globalStorageUri, 'no-shared-aws-files').fsPath,
    // Settings.endpoints is empty in an untrusted workspace and holds machine-scoped values only.
    endpointEnv: () => prepareTerminalEndpointEnv(s.settings.endpoints, vscode.Uri.joinPath(s.context.globalStorageUri, 'terminal-aws-config').fsPath),
  });
  s.context.subscriptions.push(terminals);
  registerOpenTerminal({ ...s, ...chains }, terminals);
  return terminals;
}
