import * as vscode from 'vscode';
import type { ChainConfig } from '../../../core/chain';
import type { Session } from '../../../core/session';
import { displayTimeLeft } from '../../../core/session';
import { chainPickItems } from '../chainPickItems';
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
        ? `No valid role chain: roleChains.chains has ${problems} problem${problems === 1 ? '' : 's'} (see the Chains view).`
        : 'No role chains configured yet.';
    void vscode.window.showInformationMessage(message, 'Add Role Chain').then((choice) => {
      if (choice) void vscode.commands.executeCommand('roleChains.chains.add');
    });
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    chainPickItems(d.settings.chains, d.store, d.clock.now()),
    { title: 'Run Role Chain', placeHolder: 'Chain to sign in with' },
  );
  return picked?.chain;
}

/** The live session the argument names, else a pick among signed-in chains (none to pick: says so). */
export async function sessionFor(d: ChainCommandDeps, arg: ChainArg, purpose: string): Promise<Session | undefined> {
  const name = chainNameOf(arg);
  if (name !== undefined) {
    const session = d.store.get(name);
    if (!session) void vscode.window.showInformationMessage(`Not signed in to ${name}. Run the chain first.`);
    return session;
  }
  const sessions = d.store.all();
  if (sessions.length === 0) {
    void vscode.window.showInformationMessage('Not signed in to any role chain.');
    return undefined;
  }
  if (sessions.length === 1) return sessions[0];
  const now = d.clock.now();
  const picked = await vscode.window.showQuickPick(
    sessions.map((session) => ({
      label: session.chainName,
      description: `${displayTimeLeft(session.expiresAt, now)} left`,
      session,
    })),
    { title: purpose, placeHolder: 'Signed-in chain' },
  );
  return picked?.session;
}

function warnUnknown(d: ChainCommandDeps, name: string): void {
  const invalid = d.settings.problems.some((p) => p.chain === name);
  void vscode.window.showWarningMessage(
    invalid
      ? `Role chain ${name} has settings problems; fix them first (see the Chains view).`
      : `No role chain named ${name} in roleChains.chains.`,
  );
}
