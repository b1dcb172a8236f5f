import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';
import { offerToRemember } from './rememberOffer';

/** Remembered ExternalIds: the offer after a run and Forget Remembered ExternalIds (`roleChains.externalIds.forget`). */
export function registerExternalIds(s: Services, chains: ChainsViews): void {
  s.context.subscriptions.push(offerToRemember({ runner: s.runner, prompts: s.prompts, externalIds: s.externalIds, settings: s.settings, ui: s.ui, log: s.log }));
  registerLazily(s, ['roleChains.externalIds.forget'], () => import('./commands.lazy'), (m) => m.registerForgetExternalIds({ ...s, ...chains }));
}
