import type * as vscode from 'vscode';
import type { RefreshPlan } from '../../core/refresh';
import type { ExternalIdStore, RememberedEntry } from '../../secrets/externalIdStore';
import type { ChainsNode } from '../chains/nodes';
import type { Expiry } from '../expiry';
import type { ExpiryAction } from '../expiry/expiryWatcher';
import type { ExtrasUi, ExtrasUiHolder } from '../shared/dialogs';
import type { TerminalState } from '../terminal';

/** What the integration tests get for the extras (only when the extension host runs with ROLE_CHAINS_TESTING=1). */
export interface ExtrasTestingApi {
  /** Answers picks, input boxes, confirmations, notifications, the wizard and the browser hand-off; undefined restores VS Code's. */
  setUiForTesting(ui: Partial<ExtrasUi> | undefined): void;
  /** Which steps have a remembered ExternalId (never the values). */
  rememberedExternalIds(chainName?: string): RememberedEntry[];
  /** Settles once the remembered-ExternalId index has been read. */
  readonly externalIdsLoaded: Promise<void>;
  /** The terminal credentials endpoint (undefined until a terminal was opened) and its live tokens. */
  terminalEndpoint(): Promise<{ url: string; tokens: number } | undefined>;
  /** Runs the expiry check as if the clock said `now`; returns what it did. */
  checkExpiry(now: number): Promise<ExpiryAction[]>;
  /** The refresh plan of a signed-in chain at `now`. */
  refreshPlan(chainName: string, now: number): Promise<RefreshPlan | undefined>;
  /** The ids of the rows selected in the Chains view (e.g. chain/prod-deploy). */
  chainsSelection(): string[];
}

export interface ExtrasTestingDeps {
  ui: ExtrasUiHolder;
  externalIds: ExternalIdStore;
  terminals: TerminalState;
  expiry: Expiry;
  view: vscode.TreeView<ChainsNode>;
}

export function createExtrasTestingApi(d: ExtrasTestingDeps): ExtrasTestingApi {
  return {
    setUiForTesting: (partial) => d.ui.setOverride(partial),
    rememberedExternalIds: (chainName) => d.externalIds.list(chainName),
    externalIdsLoaded: d.externalIds.loaded,
    terminalEndpoint: () => d.terminals.state(),
    checkExpiry: (now) => d.expiry.check(now),
    refreshPlan: (chainName, now) => d.expiry.plan(chainName, now),
    chainsSelection: () => d.view.selection.map((n) => n.id ?? ''),
  };
}
