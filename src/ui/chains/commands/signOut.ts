import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import { chainNameOf, type ChainArg, type ChainCommandDeps } from './deps';
import { sessionFor } from './pick';

/** Sign Out of Chain: deletes the chain's session (memory and SecretStorage); the tree and status bar follow. */
export function registerSignOut(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.signOut', async (arg?: ChainArg) => {
    // A named chain is signed out even if it already expired here: another window may still hold it.
    const name = chainNameOf(arg) ?? (await sessionFor(d, undefined, vscode.l10n.t('Sign Out of Chain')))?.chainName;
    if (name === undefined) return;
    await d.store.delete(name);
    d.runner.clearStatus(name);
    d.log.info(`Signed out of ${name}`);
    vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of {0}', name)}`, 4000);
  });
}
