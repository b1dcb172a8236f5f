import * as vscode from 'vscode';
import type { ChainsViews, Services } from '../services';
import { ChainsTreeProvider } from './chainsTree';
import { registerCopyAssumedRoleArn } from './commands/copyAssumedRoleArn';
import { registerCopyRoleArn } from './commands/copyRoleArn';
import { registerRefresh } from './commands/refresh';
import { registerRun } from './commands/run';
import { registerSignOut } from './commands/signOut';
import { registerSignOutAll } from './commands/signOutAll';
import { registerWhoAmI } from './commands/whoAmI';
import { revealChain } from './reveal';

/** The Chains view and the commands that run chains and read their sessions (`roleChains.chains.*`). */
export function registerChains(s: Services): ChainsViews {
  const tree = new ChainsTreeProvider(s.settings, s.store, s.runner, s.clock, s.tick);
  const view = vscode.window.createTreeView('roleChains.chains', { treeDataProvider: tree, showCollapseAll: true });
  s.context.subscriptions.push(tree, view);
  const reveal = (name: string) => revealChain({ ...s, view }, name);
  const d = { ...s, tree, view, revealChain: reveal };
  registerRun(d);
  registerSignOut(d);
  registerSignOutAll(d);
  registerWhoAmI(d);
  registerRefresh(d);
  registerCopyRoleArn(d);
  registerCopyAssumedRoleArn(d);
  return { tree, view, revealChain: reveal };
}
