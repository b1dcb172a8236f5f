import * as vscode from 'vscode';
import { displayTimeLeft } from '../../../core/session';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainArg, ChainCommandDeps } from './deps';
import { chainFor } from './pick';

/** Run Role Chain…: the clicked chain, the named one, or a quick pick; a second run of the same chain joins the first. */
export function registerRun(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.run', async (arg?: ChainArg) => {
    const chain = await chainFor(d, arg);
    if (!chain) return;
    const outcome = await d.runner.run(chain);
    if (!outcome.initiated) return;
    const { session } = outcome;
    const finalArn = session.steps[session.steps.length - 1]?.assumedRoleArn ?? chain.name;
    const left = displayTimeLeft(session.expiresAt, d.clock.now());
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to {0} as {1} (expires in {2}).', chain.name, finalArn, left));
  });
}
