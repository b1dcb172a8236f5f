import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { SessionStore } from '../../secrets/sessionStore';
import type { Settings } from '../settings/settings';
import type { ChainRunner } from './chainRunner';
import { ChainNode, type ChainsNode, ProblemNode, StepNode } from './nodes';

/**
 * The Chains view: settings problems first (as rows), then one row per valid chain with its steps beneath.
 * Rebuilt from settings, sessions and run state whenever any of them changes or a minute passes.
 * An empty root (no chains, no problems) lets the welcome content show.
 */
export class ChainsTreeProvider implements vscode.TreeDataProvider<ChainsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChainsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: Settings,
    private readonly store: SessionStore,
    private readonly runner: ChainRunner,
    private readonly clock: Clock,
    tick: vscode.Event<void>,
  ) {
    const refresh = () => this.refresh();
    this.subscriptions = [
      this.changed,
      settings.onDidChange(refresh),
      store.onDidChangeSessions(refresh),
      runner.onDidChange(refresh),
      tick(refresh),
    ];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ChainsNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: ChainsNode): ChainsNode[] {
    if (node instanceof ChainNode) return node.steps();
    if (node) return [];
    const now = this.clock.now();
    return [
      ...this.settings.problems.map((p, i) => new ProblemNode(p, i)),
      ...this.settings.chains.map(
        (chain) => new ChainNode(chain, this.store.get(chain.name), this.runner.status(chain.name), now),
      ),
    ];
  }

  /** Lets the view reveal a row (select a chain the wizard wrote): chains and problems are top-level, a step's parent is its chain. */
  getParent(node: ChainsNode): ChainsNode | undefined {
    if (!(node instanceof StepNode)) return undefined;
    return this.getChildren().find((n) => n instanceof ChainNode && n.chainName === node.chainName);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
