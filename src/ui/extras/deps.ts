import type * as vscode from 'vscode';
import type { ExternalIdStore } from '../../secrets/externalIdStore';
import type { ChainCommandDeps } from '../chains/commands/deps';
import type { ChainsNode } from '../chains/nodes';
import type { ExtrasUiHolder } from './extrasUi';
import type { TerminalCredentials } from './terminal/terminalCredentials';

/** Everything the extras' commands use: the chain commands' services plus their own, passed in so each is testable. */
export interface ExtrasDeps extends ChainCommandDeps {
  /** The Chains view, to select a chain the wizard just wrote. */
  view: vscode.TreeView<ChainsNode>;
  externalIds: ExternalIdStore;
  ui: ExtrasUiHolder;
  terminals: TerminalCredentials;
}

/** What step commands accept from a step row (or a test): the chain and the 0-based step. */
export type StepArg = { readonly chainName: string; readonly stepIndex?: number } | string | undefined;
