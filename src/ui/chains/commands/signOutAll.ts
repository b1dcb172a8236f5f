import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainCommandDeps } from './deps';

/** Sign Out of All Chains: every session this window or SecretStorage knows, including chains removed from settings. */
export function registerSignOutAll(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.signOutAll', async () => {
    await d.store.deleteAll();
    d.log.info('Signed out of all chains');
    vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of all role chains')}`, 4000);
  });
}
