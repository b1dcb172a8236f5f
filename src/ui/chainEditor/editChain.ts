import * as vscode from 'vscode';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps } from '../services';
import { chainArg } from '../shared/pickChain';
import { runChainWizard } from './chainWizard';
import { loadProfileChoices } from '../shared/profiles';

/**
 * Edit Chain…: the wizard prefilled with the chain; the chain is replaced where it is defined. A rename signs out of
 * the old name (its session and terminals belong to it); remembered ExternalIds follow the steps whose role stayed.
 */
export function registerEditChain(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chainEditor.edit', async (arg?: unknown) => {
    const existing = await chainArg(d, arg, vscode.l10n.t('Edit Chain'));
    if (!existing) return;
    const lists = d.settings.chainLists;
    const taken = new Set([...lists.namesIn(lists.effectiveTarget()), ...d.settings.chains.map((c) => c.name)]);
    taken.delete(existing.name);
    const choices = await loadProfileChoices(d);
    const chain = await runChainWizard({ ui: d.ui.ui.wizard, l10n: vscode.l10n, existing, takenNames: taken, profiles: choices?.profiles, ssoSessions: choices?.ssoSessions });
    if (!chain) return;
    const target = await lists.replace(existing.name, chain);
    await d.externalIds.rebind(existing.name, chain.name, chain.steps);
    if (chain.name !== existing.name) {
      await d.store.delete(existing.name);
      d.runner.clearStatus(existing.name);
    }
    d.log.info(`Edited chain ${existing.name}${chain.name === existing.name ? '' : ` (now ${chain.name})`} in the ${target} settings`);
    await d.revealChain(chain.name);
  });
}
