import * as vscode from 'vscode';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps } from '../services';
import { runChainWizard } from './chainWizard';
import { loadProfileChoices } from '../shared/profiles';

/**
 * Add Role Chain…: the wizard, then the chain is appended to the settings the Chains view reads (the user's, or the
 * workspace's when it defines the chains, since a workspace list hides the user's) and selected in the view.
 */
export function registerAddChain(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chainEditor.add', async () => {
    const lists = d.settings.chainLists;
    const target = lists.effectiveTarget();
    const taken = new Set([...lists.namesIn(target), ...d.settings.chains.map((c) => c.name)]);
    const choices = await loadProfileChoices(d);
    const chain = await runChainWizard({ ui: d.ui.ui.wizard, l10n: vscode.l10n, takenNames: taken, profiles: choices?.profiles, ssoSessions: choices?.ssoSessions });
    if (!chain) return;
    await lists.append(target, [chain]);
    d.log.info(`Added chain ${chain.name} (${chain.steps.length} step${chain.steps.length === 1 ? '' : 's'}) to the ${target} settings`);
    await d.revealChain(chain.name);
    void d.ui.ui.notify('info', vscode.l10n.t('Added chain {0} to your {1} settings.', chain.name, target), vscode.l10n.t('Run Chain')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('roleChains.chains.run', chain.name);
    });
  });
}
