import * as vscode from 'vscode';
import { registerCommand } from '../shared/registerCommand';
import { chainNameOf } from '../shared/chainArg';
import type { FeatureDeps } from '../services';
import { chainArg } from '../shared/pickChain';

/**
 * Delete Chain…: after a modal confirmation, removes the chain from the settings it is defined in, signs out of it,
 * revokes its terminals' tokens and forgets its remembered ExternalIds. A named chain with settings problems can be
 * deleted too (that is often the fix).
 */
export function registerDeleteChain(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chainEditor.delete', async (arg?: unknown) => {
    const name = chainNameOf(arg) ?? (await chainArg(d, undefined, vscode.l10n.t('Delete Chain')))?.name;
    if (name === undefined) return;
    const target = d.settings.chainLists.effectiveTarget();
    const confirmed = await d.ui.ui.confirm(
      vscode.l10n.t('Delete role chain "{0}"?', name),
      vscode.l10n.t(
        'It is removed from your {0} settings. You are signed out of it, terminals opened with its credentials lose access, and its remembered ExternalIds are forgotten.',
        target,
      ),
      vscode.l10n.t('Delete'),
    );
    if (!confirmed) return;
    const removed = await d.settings.chainLists.remove(name);
    await d.store.delete(name);
    d.runner.clearStatus(name);
    const forgotten = await d.externalIds.forget(name);
    d.log.info(`Deleted chain ${name}${removed ? '' : ' (it was no longer in the settings)'}; ${forgotten} remembered ExternalId${forgotten === 1 ? '' : 's'} forgotten`);
    void d.ui.ui.notify('info', vscode.l10n.t('Deleted role chain {0}.', name));
  });
}
