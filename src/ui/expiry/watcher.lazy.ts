// Loaded with the first live session (see ./index.ts): the refresh plans, the warnings and the silent re-runs.
import { ExpiryWatcher, type ExpiryDeps } from './expiryWatcher';

export function createExpiryWatcher(deps: ExpiryDeps): ExpiryWatcher {
  return new ExpiryWatcher(deps);
}
