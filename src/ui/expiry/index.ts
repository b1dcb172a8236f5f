import type { Services } from '../services';
import { ExpiryWatcher } from './expiryWatcher';

/** Expiry warnings and silent refresh of signed-in chains (no commands). */
export function registerExpiry(s: Services): ExpiryWatcher {
  const expiry = new ExpiryWatcher({ store: s.store, settings: s.settings, runner: s.runner, externalIds: s.externalIds, clock: s.clock, log: s.log, ui: s.ui, tick: s.tick });
  s.context.subscriptions.push(expiry);
  return expiry;
}
