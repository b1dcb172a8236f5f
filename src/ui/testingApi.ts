import type * as vscode from 'vscode';
import type { ChainPrompts } from '../core/aws';
import type { Session } from '../core/session';
import type { SessionStore } from '../secrets/sessionStore';
import type { ChainRunner, RunStatus } from './chains/chainRunner';
import type { PromptSource } from './prompts';

/** A session as tests may see it: identities and times, never credentials. */
export interface SessionSummary {
  chainName: string;
  createdAt: number;
  expiresAt: number;
  steps: Array<{ roleArn: string; assumedRoleArn: string; account: string; sessionName: string; expiresAt: number; requestedDurationSeconds: number }>;
}

/**
 * What `activate()` returns when the extension host runs with ROLE_CHAINS_TESTING=1, and only then: the
 * integration tests run inside a real extension host, where they cannot type into input boxes, so they inject prompt
 * answers and read sessions through this. Otherwise `activate()` returns undefined and nothing is exposed to other
 * extensions.
 */
export interface RoleChainsTestingApi {
  /** Answers the ExternalId/MFA prompts of every following run; undefined restores the input boxes. */
  setPromptsForTesting(prompts: ChainPrompts | undefined): void;
  sessions: {
    /** Live sessions, most recent first. */
    list(): SessionSummary[];
    get(chainName: string): SessionSummary | undefined;
    /** The chain the status bar shows. */
    active(): string | undefined;
    readonly onDidChange: vscode.Event<void>;
    /** Settles once the sessions persisted by an earlier window have been read. */
    readonly restored: Promise<void>;
  };
  /** Whether a chain is running or its last run failed (with the one-sentence message the person saw). */
  runStatus(chainName: string): RunStatus | undefined;
}

export function createTestingApi(store: SessionStore, runner: ChainRunner, prompts: PromptSource): RoleChainsTestingApi {
  return {
    setPromptsForTesting: (p) => prompts.setOverride(p),
    sessions: {
      list: () => store.all().map(summarize),
      get: (name) => {
        const s = store.get(name);
        return s && summarize(s);
      },
      active: () => store.active()?.chainName,
      onDidChange: store.onDidChangeSessions,
      restored: store.restored,
    },
    runStatus: (name) => runner.status(name),
  };
}

function summarize(s: Session): SessionSummary {
  return {
    chainName: s.chainName,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    steps: s.steps.map((step) => ({
      roleArn: step.roleArn,
      assumedRoleArn: step.assumedRoleArn,
      account: step.account,
      sessionName: step.sessionName,
      expiresAt: step.expiresAt,
      requestedDurationSeconds: step.requestedDurationSeconds,
    })),
  };
}
