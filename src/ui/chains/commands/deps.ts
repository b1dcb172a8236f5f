import type { FeatureDeps } from '../../services';

/** Everything the chain commands use, passed in so each command can be exercised on its own. */
export type ChainCommandDeps = FeatureDeps;

export { chainNameOf, type ChainArg } from '../../shared/chainArg';
