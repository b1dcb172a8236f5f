// Loaded on the first Who Am I, Copy Role ARN, Copy Assumed Role ARN or Sign Out of All Chains (see
// ../shared/lazyCommands.ts). Run, Sign Out and Refresh stay in the activation bundle: the rows' own buttons.
import type { ChainCommandDeps } from './commands/deps';
import { registerCopyAssumedRoleArn } from './commands/copyAssumedRoleArn';
import { registerCopyRoleArn } from './commands/copyRoleArn';
import { registerSignOutAll } from './commands/signOutAll';
import { registerWhoAmI } from './commands/whoAmI';

export function registerChainsExtraCommands(d: ChainCommandDeps): void {
  registerSignOutAll(d);
  registerWhoAmI(d);
  registerCopyRoleArn(d);
  registerCopyAssumedRoleArn(d);
}
