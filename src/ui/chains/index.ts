import * as vscode from 'vscode';
import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';
import { ChainsTreeProvider } from './chainsTree';
import { registerRefresh } from './commands/refresh';
import { registerRun } from './commands/run';
import { registerSignOut } from './commands/signOut';
import { revealChain } from './reveal';

const LAZY_COMMANDS = ['roleChains.chains.signOutAll', 'roleChains.chains.whoAmI', 'roleChains.chains.copyRoleArn', 'roleChains.chains.copyAssumedRoleArn'];

/** The Chains view and the commands that run chains and read their sessions (`roleChains.chains.*`). */
export function registerChains(s: Services): ChainsViews {
  const tree = new ChainsTreeProvider(s.settings, s.store, s.runner, s.clock, s.tick);
  const view = vscode.window.createTreeView('roleChains.chains', { treeDataProvider: tree, showCollapseAll: true });
  s.context.subscriptions.push(tree, view);
  const reveal = (name: string) => revealChain({ ...s, view }, name);
  const d = { ...s, tree, view, revealChain: reveal };
  registerRun(d);
  registerSignOut(d);
  registerRefresh(d);
  registerLazily(d, LAZY_COMMANDS, () => import('./commands.lazy'), (m) => m.registerChainsExtraCommands(d));
  return { tree, view, revealChain: reveal };
}
