import { chainNameOf } from '../../chains/commands/deps';
import { splitRoleArn } from '../../chains/nodes';
import { registerCommand } from '../../registerCommand';
import type { ExtrasDeps } from '../deps';

/**
 * Forget Remembered ExternalIds: a chain row (or name) forgets that chain's; the palette lists every remembered one,
 * all preselected. The next runs ask for them again.
 */
export function registerForgetExternalIds(d: ExtrasDeps): void {
  registerCommand(d.context, d.log, 'roleChains.externalIds.forget', async (arg?: unknown) => {
    const name = chainNameOf(arg);
    const entries = d.externalIds.list(name);
    if (entries.length === 0) {
      void d.ui.ui.notify('info', name === undefined ? 'No ExternalIds are remembered.' : `No ExternalIds of ${name} are remembered.`);
      return;
    }
    let chosen = entries;
    if (name === undefined) {
      const picked = await d.ui.ui.pickMany(
        entries.map((e) => ({ label: `${e.chainName} · step ${e.stepIndex + 1}`, description: splitRoleArn(e.roleArn).name, picked: true, entry: e })),
        { title: 'Forget Remembered ExternalIds', placeHolder: 'The ExternalIds to delete from SecretStorage' },
      );
      if (!picked || picked.length === 0) return;
      chosen = picked.map((p) => p.entry);
    }
    let count = 0;
    for (const e of chosen) count += await d.externalIds.forget(e.chainName, e.stepIndex);
    d.log.info(`Forgot ${count} remembered ExternalId${count === 1 ? '' : 's'}`);
    void d.ui.ui.notify('info', `Forgot ${count} remembered ExternalId${count === 1 ? '' : 's'}: the next runs ask for ${count === 1 ? 'it' : 'them'} again.`);
  });
}
