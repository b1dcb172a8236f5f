import * as vscode from 'vscode';
import type { ChainConfig } from '../../core/chain';
import { RoleChainError } from '../../core/errors';
import type { Session } from '../../core/session';
import { chainPickItems } from './chainPickItems';
import { chainNameOf } from './chainArg';
import type { FeatureDeps, StepArg } from '../services';

/** The configured chain a row or name points at, else a pick titled for the command; undefined when dismissed. */
export async function chainArg(d: FeatureDeps, arg: unknown, title: string): Promise<ChainConfig | undefined> {
  const name = chainNameOf(arg);
  if (name !== undefined) {
    const chain = d.settings.chain(name);
    if (!chain) {
      const invalid = d.settings.problems.some((p) => p.chain === name);
      throw new RoleChainError(
        'validation',
        invalid ? vscode.l10n.t('Role chain {0} has settings problems; fix them first (see the Chains view).', name) : vscode.l10n.t('No role chain named {0} in roleChains.chains.', name),
        { chainName: name },
      );
    }
    return chain;
  }
  if (d.settings.chains.length === 0) {
    void d.ui.ui.notify('info', vscode.l10n.t('No role chains configured yet: add one or import them from your AWS config.'));
    return undefined;
  }
  const picked = await d.ui.ui.pick(
    chainPickItems(d.settings.chains, d.store, d.clock.now()),
    { title, placeHolder: vscode.l10n.t('Role chain') },
  );
  return picked?.chain;
}

/** The step a row names (a chain row means its last step), else the chain's last step. */
export function stepIndexOf(arg: StepArg, chain: Pick<ChainConfig, 'steps' | 'name'>): number {
  const index = typeof arg === 'object' && arg !== null && typeof arg.stepIndex === 'number' ? arg.stepIndex : chain.steps.length - 1;
  if (!Number.isInteger(index) || index < 0 || index >= chain.steps.length) {
    throw new RoleChainError('validation', vscode.l10n.t('Chain "{0}" has no step {1}: it has {2}.', chain.name, index + 1, chain.steps.length), { chainName: chain.name });
  }
  return index;
}

/**
 * The live session of a chain; when it is not signed in, the chain is run first (its prompts are shown), so a
 * command on a signed-out row works in one go. Undefined when the run was joined and failed, or was cancelled.
 */
export async function sessionOrRun(d: FeatureDeps, chain: ChainConfig): Promise<Session | undefined> {
  const live = d.store.get(chain.name);
  if (live) return live;
  const outcome = await d.runner.run(chain);
  return outcome.session;
}
