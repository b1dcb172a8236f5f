import * as vscode from 'vscode';
import type { ChainConfig } from '../../core/chain';
import { displayTimeLeft } from '../../core/session';
import type { SessionStore } from '../../secrets/sessionStore';

export interface ChainPickItem {
  label: string;
  description?: string;
  detail: string;
  chain: ChainConfig;
}

/**
 * One quick-pick row per chain, the same wherever a command asks for a chain: its name, whether it is signed in
 * and for how long, and its roles (account/role, the ARN's constant prefix dropped so the path fits).
 */
export function chainPickItems(chains: readonly ChainConfig[], store: Pick<SessionStore, 'get'>, now: number): ChainPickItem[] {
  return chains.map((chain) => {
    const session = store.get(chain.name);
    return {
      label: chain.name,
      description: session ? vscode.l10n.t('signed in · {0} left', displayTimeLeft(session.expiresAt, now)) : undefined,
      detail: chain.steps.map((s) => s.roleArn.replace(/^arn:[^:]+:iam::/, '')).join(' → '),
      chain,
    };
  });
}
