import * as vscode from 'vscode';
import type { SessionStore } from '../../secrets/sessionStore';

/** Keeps the `roleChains.signedIn` context key (palette `when` clauses) in step with the sessions. */
export function trackSignedIn(store: SessionStore): vscode.Disposable {
  let last: boolean | undefined;
  const update = () => {
    const signedIn = store.all().length > 0;
    if (signedIn === last) return;
    last = signedIn;
    void vscode.commands.executeCommand('setContext', 'roleChains.signedIn', signedIn);
  };
  update();
  return store.onDidChangeSessions(update);
}
