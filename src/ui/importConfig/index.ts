import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';

/** Import from AWS Config (`roleChains.importConfig.fromAwsConfig`), loaded on first use. */
export function registerImportConfig(s: Services, chains: ChainsViews): void {
  registerLazily(s, ['roleChains.importConfig.fromAwsConfig'], () => import('./commands.lazy'), (m) => m.registerImportFromAwsConfig({ ...s, ...chains }));
}
