import type * as vscode from 'vscode';
import type { loadAws } from '../awsLoader';
import type { Clock } from '../core/clock';
import type { ExternalIdStore } from '../secrets/externalIdStore';
import type { SessionStore } from '../secrets/sessionStore';
import type { SsoTokenStore } from '../secrets/ssoTokenStore';
import type { ChainRunner } from './chains/chainRunner';
import type { ChainsTreeProvider } from './chains/chainsTree';
import type { ChainsNode } from './chains/nodes';
import type { RememberingPromptSource } from './externalIds/rememberingPrompts';
import type { Log } from './log/log';
import type { Settings } from './settings/settings';
import type { ExtrasUiHolder } from './shared/dialogs';

/**
 * The services `extension.ts` builds once and hands to every feature. Features talk to each other only through these
 * (and the events they carry), never through another feature's files.
 */
export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  /** The one gate to configuration: scopes, workspace trust and restricted settings. */
  settings: Settings;
  /** Sessions in SecretStorage. */
  store: SessionStore;
  /** Identity Center sign-ins (access and refresh tokens) in SecretStorage. */
  ssoTokens: SsoTokenStore;
  /** Runs chains (prompts, progress, errors) and reports run status. */
  runner: ChainRunner;
  clock: Clock;
  loadAws: typeof loadAws;
  /** The minute tick: rows and the status bar show the time left. */
  tick: vscode.Event<void>;
  /** Remembered ExternalIds in SecretStorage. */
  externalIds: ExternalIdStore;
  /** The run's prompts, which answer remembered ExternalIds and report what was typed. */
  prompts: RememberingPromptSource;
  /** Picks, input boxes, confirmations, notifications and browser hand-offs of the chain features. */
  ui: ExtrasUiHolder;
}

/** What the Chains feature gives the others: its tree (rows to refresh) and its view (rows to reveal). */
export interface ChainsViews {
  tree: ChainsTreeProvider;
  view: vscode.TreeView<ChainsNode>;
  /** Selects a chain's row once the settings just written have been read; false if the chain never appeared. */
  revealChain(name: string): Promise<boolean>;
}

/** What a chain feature's commands use. */
export type FeatureDeps = Services & ChainsViews;

/** What step commands accept from a step row (or a test): the chain and the 0-based step. */
export type StepArg = { readonly chainName: string; readonly stepIndex?: number } | string | undefined;
