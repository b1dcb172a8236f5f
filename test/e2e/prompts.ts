// Answers the chain's real input boxes as a person would: reads each box's title, types the ExternalId it asks for
// (or the MFA code the endpoint's device shows now), presses Enter.
import * as assert from 'node:assert/strict';
import { SEED } from '../localAws/scenario';
import { e2e } from './context';
import type { Workbench } from './workbenchUi';

export interface PromptPlan {
  /** ExternalId to type for step 2 (default: the right one). */
  stepTwoExternalId?: string;
  /** Called while a box is filled in, before Enter, with what it asks for (to take screenshots). */
  beforeEnter?: (what: 'externalId-1' | 'mfa-1' | 'externalId-2') => Promise<void>;
}

const EXPECTED = [
  { what: 'externalId-1', title: /step 1\/2: ExternalId for role\/RoleA \(222222222222\)/ },
  { what: 'mfa-1', title: /step 1\/2: MFA code for arn:aws:iam::111111111111:mfa\/developer/ },
  { what: 'externalId-2', title: /step 2\/2: ExternalId for role\/RoleB \(333333333333\)/ },
] as const;

/** Answers the three prompts of the two-step chain, in whatever order the extension asks them. */
export async function answerTwoStepPrompts(wb: Workbench, plan: PromptPlan = {}): Promise<string[]> {
  const titles: string[] = [];
  const pending = [...EXPECTED];
  while (pending.length > 0) {
    const any = new RegExp(pending.map((p) => p.title.source).join('|'));
    const title = await wb.waitForInputBox(any);
    const index = pending.findIndex((p) => p.title.test(title));
    const [prompt] = pending.splice(index, 1);
    assert.ok(prompt, `unexpected input box: ${title}`);
    titles.push(title);
    const answer =
      prompt.what === 'externalId-1'
        ? SEED.externalIdA
        : prompt.what === 'mfa-1'
          ? e2e().aws.mfaCode(SEED.developerName)
          : (plan.stepTwoExternalId ?? SEED.externalIdB);
    await wb.type(answer, plan.beforeEnter ? () => plan.beforeEnter?.(prompt.what) ?? Promise.resolve() : undefined);
    // The next box reuses the widget: wait until this title has gone before looking for the next one.
    await wb.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'hidden', timeout: 20_000 });
  }
  return titles;
}
