import type { Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';
import { trackSignedIn } from './signedInContext';
import { SessionStatusBar } from './statusBar';

/** The status bar item, its menu (`roleChains.sessions.showMenu`, loaded on first use) and the `roleChains.signedIn` context key. */
export function registerSessions(s: Services): void {
  s.context.subscriptions.push(new SessionStatusBar(s.store, s.clock, s.tick, s.settings), trackSignedIn(s.store));
  registerLazily(s, ['roleChains.sessions.showMenu'], () => import('./menu.lazy'), (m) => m.registerSessionMenu(s));
}
