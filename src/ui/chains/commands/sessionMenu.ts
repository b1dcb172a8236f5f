import * as vscode from 'vscode';
import { displayTimeLeft } from '../../../core/session';
import { registerCommand } from '../../registerCommand';
import type { ChainCommandDeps } from './deps';

type Action = vscode.QuickPickItem & { run: () => unknown };

/** The status bar's menu: run the active chain again, switch the active chain, run another, sign out. */
export function registerSessionMenu(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.sessions.showMenu', async () => {
    const active = d.store.active();
    const now = d.clock.now();
    const exec = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(id, ...args);
    const actions: Action[] = [];
    if (active) {
      actions.push({ label: `$(play) Run ${active.chainName} Again`, run: exec('roleChains.chains.run', active.chainName) });
    }
    for (const other of d.store.all().filter((s) => s.chainName !== active?.chainName)) {
      actions.push({
        label: `$(arrow-swap) Switch to ${other.chainName}`,
        description: `${displayTimeLeft(other.expiresAt, now)} left`,
        run: () => d.store.setActive(other.chainName),
      });
    }
    actions.push({ label: '$(play) Run Another Chain…', run: exec('roleChains.chains.run') });
    if (active) {
      actions.push({ label: `$(sign-out) Sign Out of ${active.chainName}`, run: exec('roleChains.chains.signOut', active.chainName) });
    }
    if (d.store.all().length > 1) {
      actions.push({ label: '$(sign-out) Sign Out of All Chains', run: exec('roleChains.chains.signOutAll') });
    }
    const picked = await vscode.window.showQuickPick(actions, {
      title: active ? `${active.chainName} · ${displayTimeLeft(active.expiresAt, now)} left` : 'Role Chains',
    });
    await picked?.run();
  });
}
