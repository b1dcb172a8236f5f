import { registerCopyAssumedRoleArn } from './copyAssumedRoleArn';
import { registerCopyRoleArn } from './copyRoleArn';
import type { ChainCommandDeps } from './deps';
import { registerRefresh } from './refresh';
import { registerRun } from './run';
import { registerSessionMenu } from './sessionMenu';
import { registerSignOut } from './signOut';
import { registerSignOutAll } from './signOutAll';
import { registerWhoAmI } from './whoAmI';

export type { ChainCommandDeps } from './deps';

/** The Chains feature's commands; ids and titles are declared in package.json. Add/Edit/Delete Chain live with the wizard (ui/extras). */
export function registerChainCommands(d: ChainCommandDeps): void {
  registerRun(d);
  registerSignOut(d);
  registerSignOutAll(d);
  registerWhoAmI(d);
  registerRefresh(d);
  registerCopyRoleArn(d);
  registerCopyAssumedRoleArn(d);
  registerSessionMenu(d);
}
