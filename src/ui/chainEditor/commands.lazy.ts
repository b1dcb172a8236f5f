// Loaded on the first Add, Edit or Delete Chain (see ../shared/lazyCommands.ts): the wizard and the settings it writes.
import type { FeatureDeps } from '../services';
import { registerAddChain } from './addChain';
import { registerDeleteChain } from './deleteChain';
import { registerEditChain } from './editChain';

export function registerChainEditorCommands(d: FeatureDeps): void {
  registerAddChain(d);
  registerEditChain(d);
  registerDeleteChain(d);
}
