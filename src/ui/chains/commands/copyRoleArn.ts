import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainCommandDeps } from './deps';

type Args = { readonly roleArn: string };

/** Copy Role ARN (step rows only). */
export function registerCopyRoleArn(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.copyRoleArn', async (node?: Args) => {
    if (typeof node?.roleArn !== 'string') return;
    await vscode.env.clipboard.writeText(node.roleArn);
    vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Role ARN copied')}`, 3000);
  });
}
