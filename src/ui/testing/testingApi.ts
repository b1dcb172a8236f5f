import type * as vscode from 'vscode';
import type { ChainPrompts } from '../../core/aws';
import type { Endpoints } from '../../core/endpoints';
import type { Session } from '../../core/session';
import type { RunStatus } from '../chains/chainRunner';
import type { ChainsNode } from '../chains/nodes';
import type { Expiry } from '../expiry';
import type { ChainsViews, Services } from '../services';
import type { TerminalState } from '../terminal';
import { createExtrasTestingApi, type ExtrasTestingApi } from './extrasTesting';
import type { S3Feature } from '../s3';
import { createS3TestingApi, type S3TestingApi } from './s3Testing';

/** A session as tests may see it: identities and times, never credentials. */
export interface SessionSummary {
  chainName: string;
  createdAt: number;
  expiresAt: number;
  steps: Array<{ roleArn: string; assumedRoleArn: string; account: string; sessionName: string; expiresAt: number; requestedDurationSeconds: number }>;
}

/** A row of the Chains view as the person sees it (depth 0 = chain or problem, 1 = step). */
export interface TreeRow {
  depth: number;
  label: string;
  description: string;
  contextValue: string;
  /** The hover text (markdown source). */
  tooltip: string;
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
  /** Whether a chain is running, its last run failed (with the one-sentence message the person saw) or it expired. */
  runStatus(chainName: string): RunStatus | undefined;
  /** Every row of the Chains view, chains expanded, in display order. */
  treeRows(): TreeRow[];
  /** The endpoints a run would use now (empty in an untrusted workspace or when none are set at user/machine level). */
  endpoints(): Endpoints;
  /** The S3 view's rows, its drop handler, and answers for its dialogs. */
  s3: S3TestingApi;
  /** Import, wizard, remembered ExternalIds, terminals, console, policies and expiry: their dialogs and state. */
  extras: ExtrasTestingApi;
}

export interface TestingApiDeps extends Services, ChainsViews {
  s3: S3Feature;
  terminals: TerminalState;
  expiry: Expiry;
}

export function createTestingApi(d: TestingApiDeps): RoleChainsTestingApi {
  const { store, runner, prompts, tree, settings } = d;
  const extras = createExtrasTestingApi({ ui: d.ui, externalIds: d.externalIds, terminals: d.terminals, expiry: d.expiry, view: d.view });
  const rows = (nodes: ChainsNode[], depth: number): TreeRow[] =>
    nodes.flatMap((node) => [
      {
        depth,
        label: typeof node.label === 'string' ? node.label : (node.label?.label ?? ''),
        description: typeof node.description === 'string' ? node.description : '',
        contextValue: node.contextValue ?? '',
        tooltip: typeof node.tooltip === 'string' ? node.tooltip : (node.tooltip?.value ?? ''),
      },
      ...rows(tree.getChildren(node), depth + 1),
    ]);
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
    treeRows: () => rows(tree.getChildren(), 0),
    endpoints: () => ({ ...settings.endpoints }),
    s3: createS3TestingApi(d.s3),
    extras,
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
