import type { Services } from '../services';
import { registerSessionMenu } from './sessionMenu';
import { trackSignedIn } from './signedInContext';
import { SessionStatusBar } from './statusBar';

/** The status bar item, its menu (`roleChains.sessions.showMenu`) and the `roleChains.signedIn` context key. */
export function registerSessions(s: Services): void {
  s.context.subscriptions.push(new SessionStatusBar(s.store, s.clock, s.tick, s.settings), trackSignedIn(s.store));
  registerSessionMenu(s);
}
