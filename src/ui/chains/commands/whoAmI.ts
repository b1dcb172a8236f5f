import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainArg, ChainCommandDeps } from './deps';
import { sessionFor } from './pick';

/** What Who Am I found: each step's caller identity and the sentence the notification showed. */
export interface WhoAmIResult {
  message: string;
  arns: string[];
}

/** Who Am I: GetCallerIdentity with each step's credentials of a signed-in chain; a notification and the log. */
export function registerWhoAmI(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.whoAmI', async (arg?: ChainArg): Promise<WhoAmIResult | undefined> => {
    const session = await sessionFor(d, arg, vscode.l10n.t('Who Am I'));
    if (!session) return undefined;
    const identities = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Who am I in {0}', session.chainName) },
      async () => (await d.loadAws()).whoAmI(session, d.settings.endpoints),
    );
    const count = session.steps.length;
    for (const id of identities) {
      d.log.info(`${session.chainName} step ${id.stepIndex + 1}/${count}: ${id.arn} (account ${id.account}, user id ${id.userId})`);
    }
    const summary = identities.map((id) => vscode.l10n.t('step {0}/{1}: {2}', id.stepIndex + 1, count, id.arn)).join('; ');
    const message = `${session.chainName} — ${summary}`;
    void vscode.window.showInformationMessage(message, vscode.l10n.t('Show Log')).then((choice) => {
      if (choice) d.log.show();
    });
    return { message, arns: identities.map((id) => id.arn) };
  });
}
