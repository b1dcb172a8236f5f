import type { RefreshPlan } from '../../core/refresh';
import type { Services } from '../services';
import type { ExpiryAction, ExpiryWatcher } from './expiryWatcher';

/** What the tests may ask of the expiry watcher; each call loads it if no session has yet. */
export interface Expiry {
  /** Does what is due at `now` for every live session. */
  check(now: number): Promise<ExpiryAction[]>;
  /** The plan for a signed-in chain at `now`. */
  plan(chainName: string, now: number): Promise<RefreshPlan | undefined>;
}

/**
 * Expiry warnings and silent refresh of signed-in chains (no commands). The watcher loads with the first live
 * session (restored or run), since nothing can expire before; from then on it follows sessions and settings itself.
 */
export function registerExpiry(s: Services): Expiry {
  let watcher: Promise<ExpiryWatcher> | undefined;
  const load = (): Promise<ExpiryWatcher> =>
    (watcher ??= import('./watcher.lazy').then((m) => {
      const w = m.createExpiryWatcher({ store: s.store, settings: s.settings, runner: s.runner, externalIds: s.externalIds, clock: s.clock, log: s.log, ui: s.ui, tick: s.tick });
      s.context.subscriptions.push(w);
      return w;
    }));
  const firstSession = s.store.onDidChangeSessions(() => {
    if (s.store.all().length === 0) return;
    firstSession.dispose();
    load().catch((error: unknown) => s.log.error('Could not start the expiry watcher', error));
  });
  s.context.subscriptions.push(firstSession);
  return { check: async (now) => (await load()).check(now), plan: async (chainName, now) => (await load()).plan(chainName, now) };
}
