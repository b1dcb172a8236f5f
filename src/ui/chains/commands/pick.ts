import * as vscode from 'vscode';
import type { ChainConfig } from '../../../core/chain';
import type { Session } from '../../../core/session';
import { displayTimeLeft } from '../../../core/session';
import { chainPickItems } from '../../shared/chainPickItems';
import { chainNameOf, type ChainArg, type ChainCommandDeps } from './deps';

/** The configured chain the argument names, else a quick pick; undefined when the person dismissed it. */
export async function chainFor(d: ChainCommandDeps, arg: ChainArg): Promise<ChainConfig | undefined> {
  const name = chainNameOf(arg);
  if (name !== undefined) {
    const chain = d.settings.chain(name);
    if (!chain) warnUnknown(d, name);
    return chain;
  }
  if (d.settings.chains.length === 0) {
    const problems = d.settings.problems.length;
    const message =
      problems > 0
        ? problems === 1
          ? vscode.l10n.t('No valid role chain: roleChains.chains has 1 problem (see the Chains view).')
          : vscode.l10n.t('No valid role chain: roleChains.chains has {0} problems (see the Chains view).', problems)
        : vscode.l10n.t('No role chains configured yet.');
    void vscode.window.showInformationMessage(message, vscode.l10n.t('Add Role Chain')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('roleChains.chainEditor.add');
    });
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    chainPickItems(d.settings.chains, d.store, d.clock.now()),
    { title: vscode.l10n.t('Run Role Chain'), placeHolder: vscode.l10n.t('Chain to sign in with') },
  );
  return picked?.chain;
}

/** The live session the argument names, else a pick among signed-in chains (none to pick: says so). */
export async function sessionFor(d: ChainCommandDeps, arg: ChainArg, purpose: string): Promise<Session | undefined> {
  const name = chainNameOf(arg);
  if (name !== undefined) {
    const session = d.store.get(name);
    if (!session) void vscode.window.showInformationMessage(vscode.l10n.t('Not signed in to {0}. Run the chain first.', name));
    return session;
  }
  const sessions = d.store.all();
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Not signed in to any role chain.'));
    return undefined;
  }
  if (sessions.length === 1) return sessions[0];
  const now = d.clock.now();
  const picked = await vscode.window.showQuickPick(
    sessions.map((session) => ({
      label: session.chainName,
      description: vscode.l10n.t('{0} left', displayTimeLeft(session.expiresAt, now)),
      session,
    })),
    { title: purpose, placeHolder: vscode.l10n.t('Signed-in chain') },
  );
  return picked?.session;
}

function warnUnknown(d: ChainCommandDeps, name: string): void {
  const invalid = d.settings.problems.some((p) => p.chain === name);
  void vscode.window.showWarningMessage(
    invalid
      ? vscode.l10n.t('Role chain {0} has settings problems; fix them first (see the Chains view).', name)
      : vscode.l10n.t('No role chain named {0} in roleChains.chains.', name),
  );
}
