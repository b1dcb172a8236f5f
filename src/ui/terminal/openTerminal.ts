import * as vscode from 'vscode';
import { registerCommand } from '../shared/registerCommand';
import type { FeatureDeps, StepArg } from '../services';
import type { TerminalCredentials } from './terminalCredentials';
import { chainArg, sessionOrRun, stepIndexOf } from '../shared/pickChain';

/**
 * Open Terminal with Chain Credentials: a step row opens it for that step, a chain row (or the palette) for the
 * chain's last step. A chain that is not signed in is run first.
 */
export function registerOpenTerminal(d: FeatureDeps, terminals: TerminalCredentials): void {
  registerCommand(d.context, d.log, 'roleChains.terminal.open', async (arg?: StepArg) => {
    const chain = await chainArg(d, arg, vscode.l10n.t('Open Terminal with Chain Credentials'));
    if (!chain) return;
    const stepIndex = stepIndexOf(arg, chain);
    if (!(await sessionOrRun(d, chain))) return;
    const terminal = await terminals.open(chain, stepIndex);
    terminal.show();
  });
}
