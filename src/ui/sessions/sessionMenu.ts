import * as vscode from 'vscode';
import { displayTimeLeft } from '../../core/session';
import { registerCommand } from '../shared/registerCommand';
import type { Services } from '../services';

type Action = vscode.QuickPickItem & { run: () => unknown };

/** The status bar's menu: run the active chain again, switch the active chain, run another, sign out. */
export function registerSessionMenu(d: Services): void {
  registerCommand(d.context, d.log, 'roleChains.sessions.showMenu', async () => {
    const active = d.store.active();
    const now = d.clock.now();
    const exec = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(id, ...args);
    const actions: Action[] = [];
    if (active) {
      actions.push({ label: `$(play) ${vscode.l10n.t('Run {0} Again', active.chainName)}`, run: exec('roleChains.chains.run', active.chainName) });
    }
    for (const other of d.store.all().filter((s) => s.chainName !== active?.chainName)) {
      actions.push({
        label: `$(arrow-swap) ${vscode.l10n.t('Switch to {0}', other.chainName)}`,
        description: vscode.l10n.t('{0} left', displayTimeLeft(other.expiresAt, now)),
        run: () => d.store.setActive(other.chainName),
      });
    }
    actions.push({ label: `$(play) ${vscode.l10n.t('Run Another Chain…')}`, run: exec('roleChains.chains.run') });
    if (active) {
      actions.push({ label: `$(sign-out) ${vscode.l10n.t('Sign Out of {0}', active.chainName)}`, run: exec('roleChains.chains.signOut', active.chainName) });
    }
    if (d.store.all().length > 1) {
      actions.push({ label: `$(sign-out) ${vscode.l10n.t('Sign Out of All Chains')}`, run: exec('roleChains.chains.signOutAll') });
    }
    const picked = await vscode.window.showQuickPick(actions, {
      title: active ? vscode.l10n.t('{0} · {1} left', active.chainName, displayTimeLeft(active.expiresAt, now)) : vscode.l10n.t('Role Chains'),
    });
    await picked?.run();
  });
}
