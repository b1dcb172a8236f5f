import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';

/** Generate IAM Policies for a chain (`roleChains.policies.generate`), loaded on first use. */
export function registerPolicies(s: Services, chains: ChainsViews): void {
  registerLazily(s, ['roleChains.policies.generate'], () => import('./commands.lazy'), (m) => m.registerGeneratePolicies({ ...s, ...chains }));
}
