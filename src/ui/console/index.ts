import type { ChainsViews, Services } from '../services';
import { registerOpenConsole } from './openConsole';

/** Open AWS Console as a chain's role (`roleChains.console.open`). */
export function registerConsole(s: Services, chains: ChainsViews): void {
  registerOpenConsole({ ...s, ...chains });
}
