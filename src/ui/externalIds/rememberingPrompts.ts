import type * as vscode from 'vscode';
import type { ChainPrompts } from '../../core/aws';
import type { ExternalIdStore } from '../../secrets/externalIdStore';
import { PromptSource } from '../shared/prompts';

/** ExternalIds typed during the run of one chain, by step (kept only until the run ends). */
export type TypedExternalIds = Map<number, { roleArn: string; value: string }>;

/**
 * Prompts that answer a step's ExternalId from SecretStorage when the person chose to remember it (runChain still
 * validates it like a typed one), and otherwise ask as usual. What was typed is held per chain until its run ends,
 * so a successful run can offer to remember it; a failed or cancelled run drops it.
 */
export class RememberingPromptSource extends PromptSource {
  private readonly typed = new Map<string, TypedExternalIds>();

  constructor(private readonly store: ExternalIdStore) {
    super();
  }

  override forRun(token?: vscode.CancellationToken, options: { silent?: boolean } = {}): ChainPrompts {
    const inner = super.forRun(token, options);
    return {
      externalId: async (ctx) => {
        // An unreadable SecretStorage must not stop the run: the person is asked as if nothing were remembered.
        const remembered = await this.store.get(ctx.chainName, ctx.stepIndex, ctx.roleArn).catch(() => undefined);
        if (remembered !== undefined) return remembered;
        const answer = await inner.externalId(ctx);
        if (answer !== undefined && answer !== '') {
          const perChain = this.typed.get(ctx.chainName) ?? new Map();
          perChain.set(ctx.stepIndex, { roleArn: ctx.roleArn, value: answer });
          this.typed.set(ctx.chainName, perChain);
        }
        return answer;
      },
      mfaCode: (ctx) => inner.mfaCode(ctx),
    };
  }

  /** Hands over (and forgets) what was typed during the chain's last run. */
  takeTyped(chainName: string): TypedExternalIds {
    const typed = this.typed.get(chainName) ?? new Map();
    this.typed.delete(chainName);
    return typed;
  }
}
