// Chains over the local endpoint's seed scenario and scripted prompts that record what was asked,
// for the core's plain-Node tests.
import type { ChainConfig } from '../../src/core/chain';
import type { ChainPrompts, PromptContext } from '../../src/core/aws/runChain';
import { SEED } from '../localAws/scenario';

/** The developer's long-term keys: tests never read ~/.aws. */
export function seedBaseCredentials(): () => Promise<{ accessKeyId: string; secretAccessKey: string }> {
  return async () => ({ accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey });
}

/** RoleA (ExternalId + MFA) → RoleB (ExternalId) → RoleC (no ExternalId), cut to `steps` hops. */
export function seedChain(steps: 1 | 2 | 3, name = `seed-${steps}`): ChainConfig {
  const all: ChainConfig['steps'] = [
    { roleArn: SEED.roleA, externalId: 'prompt', mfaSerial: SEED.mfaSerial },
    { roleArn: SEED.roleB, externalId: 'prompt' },
    { roleArn: SEED.roleC, externalId: 'none' },
  ];
  return { name, region: SEED.region, steps: all.slice(0, steps) };
}

export interface PromptCall {
  kind: 'externalId' | 'mfaCode';
  ctx: PromptContext;
}

export interface ScriptedPrompts extends ChainPrompts {
  calls: PromptCall[];
}

type Answer = string | undefined | ((ctx: PromptContext) => Promise<string | undefined>);

/**
 * Answers by step index; defaults are the seed's right ExternalIds and the MFA code of the moment.
 * `mfaCode` is a function because codes change every 30 s.
 */
export function scriptedPrompts(mfaCode: () => string, overrides: { externalId?: Record<number, Answer>; mfaCode?: Record<number, Answer> } = {}): ScriptedPrompts {
  const rightIds: Record<number, string> = { 0: SEED.externalIdA, 1: SEED.externalIdB };
  const calls: PromptCall[] = [];
  const answer = async (kind: PromptCall['kind'], ctx: PromptContext, fallback: () => string | undefined): Promise<string | undefined> => {
    calls.push({ kind, ctx });
    const table = overrides[kind] ?? {};
    if (!(ctx.stepIndex in table)) return fallback();
    const a = table[ctx.stepIndex];
    return typeof a === 'function' ? a(ctx) : a;
  };
  return {
    calls,
    externalId: (ctx) => answer('externalId', ctx, () => rightIds[ctx.stepIndex]),
    mfaCode: (ctx) => answer('mfaCode', ctx, mfaCode),
  };
}
