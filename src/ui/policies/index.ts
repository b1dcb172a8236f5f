import type { ChainsViews, Services } from '../services';
import { registerGeneratePolicies } from './generatePolicies';

/** Generate IAM Policies for a chain (`roleChains.policies.generate`). */
export function registerPolicies(s: Services, chains: ChainsViews): void {
  registerGeneratePolicies({ ...s, ...chains });
}
