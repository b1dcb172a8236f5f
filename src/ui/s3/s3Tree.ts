import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { SessionStore } from '../../secrets/sessionStore';
import type { ChainRunner } from '../chains/chainRunner';
import type { Settings } from '../settings/settings';
import type { Log } from '../log/log';
import type { BucketMemory } from './bucketMemory';
import {
  BucketNode,
  LoadMoreNode,
  MessageNode,
  ObjectNode,
  PrefixNode,
  S3RootNode,
  type ContainerNode,
  type S3Node,
} from './nodes';
import { ListingModel, type Level, type LevelState, type ListingSource } from './listingModel';
import { rootKey, type ContainerRef, type RootRef } from './refs';
import { pinnedBuckets } from './s3Settings';
import type { S3Sessions } from './s3Sessions';

export interface S3TreeDeps {
  sessions: S3Sessions;
  store: SessionStore;
  settings: Settings;
  runner: ChainRunner;
  memory: BucketMemory;
  log: Log;
  clock: Clock;
  tick: vscode.Event<void>;
}

/**
 * The S3 view. Roots are session steps (each signed-in chain's final step, plus steps opened with Browse S3 as This
 * Step); below them buckets, folders (Delimiter '/') and objects. What is listed lives in the ListingModel; this
 * provider turns its entries into rows, keeping one row object per entry (so a finished load can refresh exactly
 * the row that asked for it), and shows loading, errors, empty levels, a denied bucket listing and a lost session as
 * rows too.
 */
export class S3TreeProvider implements vscode.TreeDataProvider<S3Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<S3Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly model: ListingModel;
  private readonly rootNodes = new Map<string, S3RootNode>();
  /** The row made for each model entry, for as long as the entry lives. */
  private readonly rows = new WeakMap<object, S3Node>();

  constructor(private readonly d: S3TreeDeps) {
    this.model = new ListingModel(this.source(), (message) => d.log.warn(message));
    const refreshRoots = () => this.changed.fire(undefined);
    this.subscriptions = [
      this.changed,
      this.model.onDidChange((level) => this.changed.fire(level ? this.nodeOf(level) : undefined)),
      d.store.onDidChangeSessions(refreshRoots),
      d.runner.onDidChange(refreshRoots),
      d.tick(refreshRoots),
      d.settings.onDidChange(() => this.refresh()),
    ];
  }

  getTreeItem(node: S3Node): vscode.TreeItem {
    return node;
  }

  getParent(node: S3Node): S3Node | undefined {
    return node.kind === 'root' ? undefined : node.parent;
  }

  getChildren(node?: S3Node): S3Node[] {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'root':
        if (!this.d.sessions.live(node)) {
          return [
            new MessageNode(node, 'signedOut', vscode.l10n.t('Run {0} Again', node.chainName), vscode.l10n.t('sign in to browse S3 with this session'), {
              command: 'roleChains.chains.run',
              title: vscode.l10n.t('Run Role Chain'),
              arguments: [node.chainName],
            }),
          ];
        }
        return this.bucketRows(node);
      case 'bucket':
      case 'prefix':
        return this.contentRows(node);
      default:
        return [];
    }
  }

  /** Children once loaded (for tests and scripted callers): waits for a pending first page or next page. */
  async settledChildren(node?: S3Node): Promise<S3Node[]> {
    for (let i = 0; i < 20; i++) {
      const children = this.getChildren(node);
      const level = node?.kind === 'root' ? rootRef(node) : node?.kind === 'bucket' || node?.kind === 'prefix' ? containerRef(node) : undefined;
      const pending = level ? this.model.pending(level) : undefined;
      if (!pending) return children;
      await pending;
    }
    return this.getChildren(node);
  }

  /** Live roots (chain steps with a session), for pickers. */
  liveRoots(): S3RootNode[] {
    return this.roots().filter((r) => this.d.sessions.live(r) !== undefined);
  }

  /** Adds a step's root (Browse S3 as This Step) and returns its row. */
  browse(ref: RootRef): S3RootNode | undefined {
    this.model.browse(ref, this.d.store.get(ref.chainName)?.steps.length);
    return this.roots().find((r) => r.chainName === ref.chainName && r.stepIndex === ref.stepIndex);
  }

  /** Removes a step's root added with Browse S3 as This Step; false when it was not one. */
  close(ref: RootRef): boolean {
    return this.model.close(ref);
  }

  filterOf(ref: ContainerRef): string | undefined {
    return this.model.filterOf(ref);
  }

  /** Lists only keys starting with `filter` under the bucket or folder ('' clears it). */
  setFilter(ref: ContainerRef, filter: string): void {
    this.containerNode(ref)?.setFilter(filter || undefined);
    this.model.setFilter(ref, filter);
  }

  /** Everything, a root, or a bucket/folder is listed again. */
  refresh(ref?: RootRef | ContainerRef): void {
    this.model.refresh(ref);
  }

  /** Lists the buckets of every root of a chain again (its added buckets changed). */
  refreshChain(chainName: string): void {
    for (const root of this.rootNodes.values()) if (root.chainName === chainName) this.refresh(rootRef(root));
  }

  /** The bucket or folder row VS Code holds for `ref`, once its parent has been listed. */
  containerNode(ref: ContainerRef): ContainerNode | undefined {
    const entry = this.model.container(ref);
    const row = entry ? this.rows.get(entry) : undefined;
    return row?.kind === 'bucket' || row?.kind === 'prefix' ? row : undefined;
  }

  /**
   * After a write under `ref`: refreshes the nearest listed level among the folder and its ancestors (a new
   * folder must appear in the level that was listed before it existed).
   */
  refreshAround(ref: ContainerRef): void {
    this.model.refreshAround(ref);
  }

  /** Fetches the next page of a level that has one. */
  loadMore(ref: ContainerRef): Promise<void> {
    return this.model.loadMore(ref);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  // ------------------------------------------------------------------------------------------------------------

  private roots(): S3RootNode[] {
    const now = this.d.clock.now();
    // Chains as the Chains view lists them: a session of a chain since removed from settings is not browsed.
    const roots: S3RootNode[] = [];
    for (const name of this.d.settings.chains.map((c) => c.name)) {
      const session = this.d.store.get(name);
      const expired = !session && this.d.runner.status(name)?.state === 'expired';
      const stepCount = session?.steps.length ?? this.d.settings.chain(name)?.steps.length;
      const refs = this.model.rootsOf(name, stepCount, session ? 'signedIn' : expired ? 'expired' : 'signedOut');
      for (const { ref, isFinal } of refs) roots.push(this.rootNode(ref, isFinal, now, expired));
    }
    return roots;
  }

  private rootNode(ref: RootRef, isFinal: boolean, now: number, expired: boolean): S3RootNode {
    const key = rootKey(ref);
    let node = this.rootNodes.get(key);
    if (!node || node.isFinal !== isFinal) {
      node = new S3RootNode(ref, isFinal);
      this.rootNodes.set(key, node);
    }
    const live = this.d.sessions.live(ref);
    this.model.bindSession(ref, live?.session.createdAt);
    node.update(live, expired, now);
    return node;
  }

  /** The row a model change is about: a root, or a bucket or folder (undefined when none is held: all rows). */
  private nodeOf(level: Level): S3Node | undefined {
    return 'bucket' in level ? this.containerNode(level) : this.rootNodes.get(rootKey(level));
  }

  /** The same row for the same entry, made once. */
  private row(entry: object, make: () => S3Node): S3Node {
    let row = this.rows.get(entry);
    if (!row) {
      row = make();
      this.rows.set(entry, row);
    }
    return row;
  }

  private bucketRows(root: S3RootNode): S3Node[] {
    const ref = rootRef(root);
    const level = this.model.buckets(ref);
    const state = stateRow(root, ref, level);
    if (state) return [state];
    const rows = level.entries.map((e) =>
      this.row(e, () => {
        if (e.kind === 'bucket') return new BucketNode(root, e.name, e.source, this.model.filterOf({ ...ref, bucket: e.name, prefix: '' }));
        const explain = new MessageNode(root, 'denied', vscode.l10n.t('Add Bucket by Name…'), vscode.l10n.t('this role may not list buckets'), addBucket(ref));
        explain.tooltip = e.message;
        return explain;
      }),
    );
    if (rows.length === 0) rows.push(new MessageNode(root, 'empty', vscode.l10n.t('No buckets'), vscode.l10n.t('Add Bucket by Name…'), addBucket(ref)));
    return rows;
  }

  private contentRows(node: ContainerNode): S3Node[] {
    const ref = containerRef(node);
    const level = this.model.contents(ref);
    const state = stateRow(node, ref, level);
    if (state) return [state];
    const rows = level.entries.map((e) =>
      this.row(e, () => (e.kind === 'prefix' ? new PrefixNode(node, e.prefix, this.model.filterOf({ ...ref, prefix: e.prefix })) : new ObjectNode(node, e.object))),
    );
    if (level.hasMore) {
      const more = new LoadMoreNode(node, level.entries.length, level.loadingMore);
      if (level.moreError) more.description = vscode.l10n.t('failed: {0} · click to try again', level.moreError);
      rows.push(more);
    }
    if (rows.length === 0) {
      const filter = this.model.filterOf(ref);
      rows.push(new MessageNode(node, 'empty', filter ? vscode.l10n.t('No keys start with "{0}"', filter) : vscode.l10n.t('Empty'), filter ? vscode.l10n.t('Filter by Prefix… to change it') : ''));
    }
    return rows;
  }

  /** The model's data: S3 through the root's session, as the settings say. */
  private source(): ListingSource {
    const handleFor = async (ref: RootRef) => {
      const handle = await this.d.sessions.peek(ref);
      if (!handle) throw new Error(vscode.l10n.t('Not signed in to {0}: run the chain again.', ref.chainName));
      return handle;
    };
    return {
      buckets: async (root) => {
        const handle = await handleFor(root);
        const listed = await handle.aws.listBuckets(handle.client);
        return { listed, pinned: pinnedBuckets(handle.chain), added: this.d.memory.addedBuckets(root.chainName) };
      },
      page: async (level, prefix, token) => {
        const handle = await handleFor(level);
        return handle.aws.listPage(handle.client, {
          bucket: level.bucket,
          prefix,
          delimiter: '/',
          pageSize: this.d.settings.s3PageSize,
          ...(token ? { continuationToken: token } : {}),
        });
      },
    };
  }
}

/** The loading row, or the error row (click to try again), while a level has no entries to show. */
function stateRow(node: S3RootNode | ContainerNode, ref: Level, level: LevelState<unknown>): MessageNode | undefined {
  if (level.status === 'loading') return new MessageNode(node, 'loading', vscode.l10n.t('Loading…'), '');
  if (level.status === 'ready') return undefined;
  return new MessageNode(node, 'error', vscode.l10n.t('Could not list'), vscode.l10n.t('{0} · click to try again', level.error ?? ''), {
    command: 'roleChains.s3.refresh',
    title: vscode.l10n.t('Refresh'),
    arguments: [ref],
  });
}

function addBucket(ref: RootRef): vscode.Command {
  return { command: 'roleChains.s3.addBucket', title: vscode.l10n.t('Add Bucket by Name…'), arguments: [ref] };
}

function rootRef(node: RootRef): RootRef {
  return { chainName: node.chainName, stepIndex: node.stepIndex };
}

function containerRef(node: ContainerRef): ContainerRef {
  return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, prefix: node.prefix };
}
