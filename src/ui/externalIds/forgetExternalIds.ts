import * as vscode from 'vscode';
import { chainNameOf } from '../shared/chainArg';
import { splitRoleArn } from '../../core/roleArn';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps } from '../services';

/**
 * Forget Remembered ExternalIds: a chain row (or name) forgets that chain's; the palette lists every remembered one,
 * all preselected. The next runs ask for them again.
 */
export function registerForgetExternalIds(d: FeatureDeps): void {
  registerCommand(d.context, d.log, 'roleChains.externalIds.forget', async (arg?: unknown) => {
    const name = chainNameOf(arg);
    const entries = d.externalIds.list(name);
    if (entries.length === 0) {
      void d.ui.ui.notify('info', name === undefined ? vscode.l10n.t('No ExternalIds are remembered.') : vscode.l10n.t('No ExternalIds of {0} are remembered.', name));
      return;
    }
    let chosen = entries;
    if (name === undefined) {
      const picked = await d.ui.ui.pickMany(
        entries.map((e) => ({ label: vscode.l10n.t('{0} · step {1}', e.chainName, e.stepIndex + 1), description: splitRoleArn(e.roleArn).name, picked: true, entry: e })),
        { title: vscode.l10n.t('Forget Remembered ExternalIds'), placeHolder: vscode.l10n.t('The ExternalIds to delete from SecretStorage') },
      );
      if (!picked || picked.length === 0) return;
      chosen = picked.map((p) => p.entry);
    }
    let count = 0;
    for (const e of chosen) count += await d.externalIds.forget(e.chainName, e.stepIndex);
    d.log.info(`Forgot ${count} remembered ExternalId${count === 1 ? '' : 's'}`);
    void d.ui.ui.notify(
      'info',
      count === 1
        ? vscode.l10n.t('Forgot 1 remembered ExternalId: the next runs ask for it again.')
        : vscode.l10n.t('Forgot {0} remembered ExternalIds: the next runs ask for them again.', count),
    );
  });
}
