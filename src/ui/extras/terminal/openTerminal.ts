import { registerCommand } from '../../registerCommand';
import type { ExtrasDeps, StepArg } from '../deps';
import { chainArg, sessionOrRun, stepIndexOf } from '../pickChain';

/**
 * Open Terminal with Chain Credentials: a step row opens it for that step, a chain row (or the palette) for the
 * chain's last step. A chain that is not signed in is run first.
 */
export function registerOpenTerminal(d: ExtrasDeps): void {
  registerCommand(d.context, d.log, 'roleChains.terminal.open', async (arg?: StepArg) => {
    const chain = await chainArg(d, arg, 'Open Terminal with Chain Credentials');
    if (!chain) return;
    const stepIndex = stepIndexOf(arg, chain);
    if (!(await sessionOrRun(d, chain))) return;
    const terminal = await d.terminals.open(chain, stepIndex);
    terminal.show();
  });
}
