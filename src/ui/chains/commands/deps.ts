import type * as vscode from 'vscode';
import type { loadAws } from '../../../awsLoader';
import type { Clock } from '../../../core/clock';
import type { SessionStore } from '../../../secrets/sessionStore';
import type { Settings } from '../../config';
import type { Log } from '../../log';
import type { ChainRunner } from '../chainRunner';
import type { ChainsTreeProvider } from '../chainsTree';

/** Everything the chain commands use, passed in so each command can be exercised on its own. */
export interface ChainCommandDeps {
  context: vscode.ExtensionContext;
  log: Log;
  settings: Settings;
  store: SessionStore;
  runner: ChainRunner;
  tree: ChainsTreeProvider;
  clock: Clock;
  loadAws: typeof loadAws;
}

/**
 * What a chain command accepts: a tree row (carries `chainName`), a chain name (other commands, tests, keybindings),
 * or nothing (palette: a quick pick asks).
 */
export type ChainArg = { readonly chainName: string } | string | undefined;

export function chainNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'chainName' in arg) {
    const name = (arg as { chainName: unknown }).chainName;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}
