import { registerCommand } from '../../shared/registerCommand';
import type { ChainCommandDeps } from './deps';

/** Refresh: drops expired sessions, re-reads SecretStorage (other windows) and redraws the tree. */
export function registerRefresh(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.refresh', async () => {
    await d.store.pruneExpired();
    await d.store.restore(d.settings.chains.map((c) => c.name));
    d.tree.refresh();
  });
}
