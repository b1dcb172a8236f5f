import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';

/** Open AWS Console as a chain's role (`roleChains.console.open`), loaded on first use. */
export function registerConsole(s: Services, chains: ChainsViews): void {
  registerLazily(s, ['roleChains.console.open'], () => import('./commands.lazy'), (m) => m.registerOpenConsole({ ...s, ...chains }));
}
