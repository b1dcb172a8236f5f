import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { registerCommand } from '../../shared/registerCommand';
import type { ChainCommandDeps } from './deps';

type Args = { readonly chainName: string; readonly stepIndex: number };

/** Copy Assumed Role ARN (signed-in step rows): the full identity the row's short description leaves out. */
export function registerCopyAssumedRoleArn(d: ChainCommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.chains.copyAssumedRoleArn', async (node?: Args) => {
    if (typeof node?.chainName !== 'string' || typeof node.stepIndex !== 'number') return;
    const arn = d.store.get(node.chainName)?.steps[node.stepIndex]?.assumedRoleArn;
    if (!arn) throw new RoleChainError('validation', vscode.l10n.t('{0} is not signed in: run the chain first.', node.chainName));
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Assumed role ARN copied')}`, 3000);
  });
}
