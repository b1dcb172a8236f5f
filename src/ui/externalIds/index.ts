import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';

/**
 * Remembered ExternalIds: the offer after a run and Forget Remembered ExternalIds (`roleChains.externalIds.forget`),
 * both loaded on first use. What was typed is taken from the prompts after every run, offered or not, so no value
 * outlives its run.
 */
export function registerExternalIds(s: Services, chains: ChainsViews): void {
  const notNow = new Set<string>();
  s.context.subscriptions.push(
    s.runner.onDidFinishRun((outcome) => {
      const typed = s.prompts.takeTyped(outcome.chainName);
      if (!outcome.ok || outcome.silent || typed.size === 0 || notNow.has(outcome.chainName)) return;
      import('./offer.lazy')
        .then((m) => m.offerToRemember(s, outcome.chainName, typed, notNow))
        .catch((error: unknown) => s.log.error(`Could not offer to remember the ExternalIds of ${outcome.chainName}`, error));
    }),
  );
  registerLazily(s, ['roleChains.externalIds.forget'], () => import('./commands.lazy'), (m) => m.registerForgetExternalIds({ ...s, ...chains }));
}
