import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';
import type { TerminalCredentials } from './terminalCredentials';

/** What others may read of the terminals: the credential endpoint and its live tokens (undefined before the first terminal). */
export type TerminalState = Pick<TerminalCredentials, 'state'>;

/**
 * Open Terminal with Chain Credentials (`roleChains.terminal.open`) and the loopback credential endpoint behind it,
 * both loaded on first use: no terminal can hold chain credentials before then.
 */
export function registerTerminal(s: Services, chains: ChainsViews): TerminalState {
  let terminals: TerminalCredentials | undefined;
  registerLazily(s, ['roleChains.terminal.open'], () => import('./commands.lazy'), (m) => {
    terminals = m.registerTerminalCommands({ ...s, ...chains });
  });
  return { state: async () => terminals?.state() };
}
