import type { ChainsViews, Services } from '../services';
import { registerAddChain } from './addChain';
import { registerDeleteChain } from './deleteChain';
import { registerEditChain } from './editChain';

/** Add, Edit and Delete Chain (`roleChains.chainEditor.*`): the wizard and the settings it writes. */
export function registerChainEditor(s: Services, chains: ChainsViews): void {
  const d = { ...s, ...chains };
  registerAddChain(d);
  registerEditChain(d);
  registerDeleteChain(d);
}
