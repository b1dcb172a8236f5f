import * as vscode from 'vscode';
import { registerCommand } from '../../registerCommand';
import type { ChainArg, ChainCommandDeps } from './deps';
import { sessionFor } from './pick';

/** Who Am I: GetCallerIdentity with each step's credentials of a signed-in chain; a notification and the log. */
export function registerWhoAmI(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.whoAmI', async (arg?: ChainArg) => {
    const session = await sessionFor(d, arg, 'Who Am I');
    if (!session) return;
    const identities = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Who am I in ${session.chainName}` },
      async () => (await d.loadAws()).whoAmI(session, d.settings.endpoints),
    );
    const count = session.steps.length;
    for (const id of identities) {
      d.log.info(`${session.chainName} step ${id.stepIndex + 1}/${count}: ${id.arn} (account ${id.account}, user id ${id.userId})`);
    }
    const summary = identities.map((id) => `step ${id.stepIndex + 1}/${count}: ${id.arn}`).join('; ');
    void vscode.window.showInformationMessage(`${session.chainName} — ${summary}`, 'Show Log').then((choice) => {
      if (choice) d.log.show();
    });
  });
}
