import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainCommandDeps } from './deps';

/** Sign Out of All Chains: every session this window or SecretStorage knows, including chains removed from settings. */
export function registerSignOutAll(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.signOutAll', async () => {
    await d.store.deleteAll();
    // An Identity Center sign-in would start the next run without the person: it goes too.
    const portals = await d.ssoTokens.deleteAll();
    d.log.info(`Signed out of all chains${portals > 0 ? ` and ${portals} Identity Center sign-in${portals === 1 ? '' : 's'}` : ''}`);
    vscode.window.setStatusBarMessage(`$(sign-out) ${vscode.l10n.t('Signed out of all role chains')}`, 4000);
  });
}
