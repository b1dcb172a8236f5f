// Loaded on the first Open Terminal with Chain Credentials (see ../shared/lazyCommands.ts): the loopback credential
// endpoint and the terminal environment.
import * as vscode from 'vscode';
import { prepareTerminalEndpointEnv } from '../../core/terminalEndpoints';
import type { FeatureDeps } from '../services';
import { shimmedPath, writeCliShim } from './cliShim';
import { registerOpenTerminal } from './openTerminal';
import { TerminalCredentials } from './terminalCredentials';

/** Builds the window's terminal credentials (disposed with the extension) and registers the command that uses them. */
export function registerTerminalCommands(s: FeatureDeps): TerminalCredentials {
  const shimDir = vscode.Uri.joinPath(s.context.globalStorageUri, 'terminal-bin').fsPath;
  let shimWritten = false;
  const endpointEnv = (): Record<string, string> => {
    // Settings.endpoints is empty in an untrusted workspace and holds machine-scoped values only.
    const env = prepareTerminalEndpointEnv(s.settings.endpoints, vscode.Uri.joinPath(s.context.globalStorageUri, 'terminal-aws-config').fsPath);
    // A POSIX shell script: Windows terminals get the variables only (see the README).
    const withShim = process.platform === 'win32' ? undefined : shimmedPath(env, shimDir, process.env.PATH ?? '');
    if (withShim) {
      if (!shimWritten) writeCliShim(shimDir);
      shimWritten = true;
      env.PATH = withShim;
    }
    return env;
  };
  const terminals = new TerminalCredentials({
    store: s.store,
    log: s.log,
    clock: s.clock,
    hiddenSharedFilesPath: vscode.Uri.joinPath(s.context.globalStorageUri, 'no-shared-aws-files').fsPath,
    endpointEnv,
  });
  s.context.subscriptions.push(terminals);
  registerOpenTerminal(s, terminals);
  return terminals;
}
