import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { toUserMessage } from '../../core/errorMessages';
import { parentPrefix } from '../../core/s3Keys';
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
  type BucketSource,
  type ContainerNode,
  type S3Node,
} from './nodes';
import { containerKey, rootKey, type ContainerRef, type RootRef } from './refs';
import { pageSize, pinnedBuckets } from './s3Settings';
import type { S3Sessions } from './s3Sessions';

/** One listed level: a root's buckets or a container's folders and objects, page by page. */
interface Listing {
  status: 'loading' | 'ready' | 'error';
  children: S3Node[];
  error?: string;
  nextToken?: string;
  /** Set while the next page is being fetched; `moreError` when that failed (shown on the Load more row). */
  more?: Promise<void>;
  moreError?: string;
  first: Promise<void>;
}

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
 * Step); below them buckets, folders (Delimiter '/') and objects. Listing is lazy: a level is fetched when first
 * expanded (a *Loading…* row meanwhile), page by page with a *Load more…* row; errors, empty levels, a denied
 * bucket listing and a lost session are rows too. Node objects stay the same until their parent is refreshed, so
 * a finished load can refresh exactly the row that asked for it.
 */
export class S3TreeProvider implements vscode.TreeDataProvider<S3Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<S3Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly rootNodes = new Map<string, S3RootNode>();
  /** Steps opened with Browse S3 as This Step, by root key. */
  private readonly browsed = new Map<string, RootRef>();
  /** The session (createdAt) each root's listings were made with: a new run or a sign-out discards them. */
  private readonly listedWith = new Map<string, number | undefined>();
  private readonly listings = new Map<string, Listing>();
  /** The bucket and folder rows VS Code currently holds, by container key. */
  private readonly containers = new Map<string, ContainerNode>();
  private readonly filters = new Map<string, string>();

  constructor(private readonly d: S3TreeDeps) {
    const refreshRoots = () => this.changed.fire(undefined);
    this.subscriptions = [
      this.changed,
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
        return this.levelRows(node, rootKey(node));
      case 'bucket':
      case 'prefix':
        return this.levelRows(node, containerKey(node));
      default:
        return [];
    }
  }

  /** Children once loaded (for tests and scripted callers): waits for a pending first page or next page. */
  async settledChildren(node?: S3Node): Promise<S3Node[]> {
    for (let i = 0; i < 20; i++) {
      const children = this.getChildren(node);
      const listing = node ? this.listings.get(this.levelKey(node) ?? '') : undefined;
      const pending = listing?.status === 'loading' ? listing.first : listing?.more;
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
    const session = this.d.store.get(ref.chainName);
    if (session && ref.stepIndex !== session.steps.length - 1) this.browsed.set(rootKey(ref), { chainName: ref.chainName, stepIndex: ref.stepIndex });
    this.changed.fire(undefined);
    return this.roots().find((r) => r.chainName === ref.chainName && r.stepIndex === ref.stepIndex);
  }

  /** Removes a step's root added with Browse S3 as This Step; false when it was not one. */
  close(ref: RootRef): boolean {
    const key = rootKey(ref);
    if (!this.browsed.delete(key)) return false;
    this.clearUnder(key);
    this.changed.fire(undefined);
    return true;
  }

  filterOf(ref: ContainerRef): string | undefined {
    return this.filters.get(containerKey(ref));
  }

  /** Lists only keys starting with `filter` under the bucket or folder ('' clears it). */
  setFilter(ref: ContainerRef, filter: string): void {
    const key = containerKey(ref);
    if (filter) this.filters.set(key, filter);
    else this.filters.delete(key);
    const node = this.containers.get(key);
    node?.setFilter(filter || undefined);
    this.clearUnder(key);
    this.changed.fire(node);
  }

  /** Everything, a root, or a bucket/folder is listed again. */
  refresh(ref?: RootRef | ContainerRef): void {
    if (!ref) {
      this.listings.clear();
      this.containers.clear();
      this.changed.fire(undefined);
      return;
    }
    if ('bucket' in ref) {
      const key = containerKey(ref);
      this.clearUnder(key);
      this.changed.fire(this.containers.get(key));
      return;
    }
    const key = rootKey(ref);
    this.clearUnder(key);
    this.changed.fire(this.rootNodes.get(key));
  }

  /** Lists the buckets of every root of a chain again (its added buckets changed). */
  refreshChain(chainName: string): void {
    for (const root of this.rootNodes.values()) if (root.chainName === chainName) this.refresh(root);
  }

  /** The bucket or folder row VS Code holds for `ref`, once its parent has been listed. */
  containerNode(ref: ContainerRef): ContainerNode | undefined {
    return this.containers.get(containerKey(ref));
  }

  /**
   * After a write under `ref`: refreshes the nearest listed level among the folder and its ancestors (a new
   * folder must appear in the level that was listed before it existed).
   */
  refreshAround(ref: ContainerRef): void {
    let prefix = ref.prefix;
    for (let i = 0; i < 1000; i++) {
      const level = { ...ref, prefix };
      if (this.listings.has(containerKey(level))) return this.refresh(level);
      if (prefix === '') break;
      prefix = parentPrefix(prefix);
    }
    if (this.listings.has(rootKey(ref))) this.refresh({ chainName: ref.chainName, stepIndex: ref.stepIndex });
  }

  /** Fetches the next page of a level that has one. */
  async loadMore(ref: ContainerRef): Promise<void> {
    const key = containerKey(ref);
    const listing = this.listings.get(key);
    const node = this.containers.get(key);
    if (!listing || !node || listing.status !== 'ready' || !listing.nextToken) return;
    if (listing.more) return listing.more;
    const token = listing.nextToken;
    listing.moreError = undefined;
    listing.more = (async () => {
      try {
        const page = await this.loadPage(node, token);
        if (this.listings.get(key) !== listing) return;
        listing.children = sortLevel([...listing.children, ...page.children]);
        listing.nextToken = page.nextToken;
      } catch (e) {
        if (this.listings.get(key) !== listing) return;
        listing.moreError = toUserMessage(e);
        this.d.log.warn(`S3: could not list more of ${ref.bucket}/${ref.prefix}: ${listing.moreError}`);
      } finally {
        listing.more = undefined;
        this.changed.fire(node);
      }
    })();
    this.changed.fire(node);
    return listing.more;
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
      if (!session && !expired) {
        for (const [key, ref] of this.browsed) if (ref.chainName === name) this.browsed.delete(key);
      }
      const stepCount = session?.steps.length ?? this.d.settings.chain(name)?.steps.length;
      if ((!session && !expired) || !stepCount) continue;
      const refs: Array<{ ref: RootRef; isFinal: boolean }> = [{ ref: { chainName: name, stepIndex: stepCount - 1 }, isFinal: true }];
      if (session) {
        const steps = [...this.browsed.values()].filter((r) => r.chainName === name && r.stepIndex < stepCount - 1);
        steps.sort((a, b) => a.stepIndex - b.stepIndex);
        for (const ref of steps) refs.push({ ref, isFinal: false });
      }
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
    const createdAt = live?.session.createdAt;
    if (this.listedWith.get(key) !== createdAt) {
      this.clearUnder(key);
      this.listedWith.set(key, createdAt);
    }
    node.update(live, expired, now);
    return node;
  }

  private levelKey(node: S3Node): string | undefined {
    if (node.kind === 'root') return rootKey(node);
    if (node.kind === 'bucket' || node.kind === 'prefix') return containerKey(node);
    return undefined;
  }

  private levelRows(node: S3RootNode | ContainerNode, key: string): S3Node[] {
    if (node.kind !== 'root') this.containers.set(key, node);
    const listing = this.listings.get(key) ?? this.startLoading(node, key);
    if (listing.status === 'loading') return [new MessageNode(node, 'loading', vscode.l10n.t('Loading…'), '')];
    if (listing.status === 'error') {
      const ref = node.kind === 'root' ? { chainName: node.chainName, stepIndex: node.stepIndex } : toContainerRef(node);
      return [
        new MessageNode(node, 'error', vscode.l10n.t('Could not list'), vscode.l10n.t('{0} · click to try again', listing.error ?? ''), {
          command: 'roleChains.s3.refresh',
          title: vscode.l10n.t('Refresh'),
          arguments: [ref],
        }),
      ];
    }
    const rows = [...listing.children];
    if (node.kind !== 'root') {
      if (listing.nextToken) {
        const more = new LoadMoreNode(node, listing.children.length, listing.more !== undefined);
        if (listing.moreError) more.description = vscode.l10n.t('failed: {0} · click to try again', listing.moreError);
        rows.push(more);
      }
      if (rows.length === 0) {
        const filter = this.filters.get(key);
        rows.push(new MessageNode(node, 'empty', filter ? vscode.l10n.t('No keys start with "{0}"', filter) : vscode.l10n.t('Empty'), filter ? vscode.l10n.t('Filter by Prefix… to change it') : ''));
      }
    } else if (rows.length === 0) {
      rows.push(
        new MessageNode(node, 'empty', vscode.l10n.t('No buckets'), vscode.l10n.t('Add Bucket by Name…'), {
          command: 'roleChains.s3.addBucket',
          title: vscode.l10n.t('Add Bucket by Name…'),
          arguments: [{ chainName: node.chainName, stepIndex: node.stepIndex }],
        }),
      );
    }
    return rows;
  }

  private startLoading(node: S3RootNode | ContainerNode, key: string): Listing {
    const listing: Listing = { status: 'loading', children: [], first: Promise.resolve() };
    listing.first = (async () => {
      try {
        const result = node.kind === 'root' ? await this.loadBuckets(node) : await this.loadPage(node, undefined);
        if (this.listings.get(key) !== listing) return;
        listing.children = result.children;
        listing.nextToken = result.nextToken;
        listing.status = 'ready';
      } catch (e) {
        if (this.listings.get(key) !== listing) return;
        listing.error = toUserMessage(e);
        listing.status = 'error';
        this.d.log.warn(`S3: ${listing.error}`);
      }
      this.changed.fire(node);
    })();
    this.listings.set(key, listing);
    return listing;
  }

  private async loadBuckets(root: S3RootNode): Promise<{ children: S3Node[]; nextToken?: string }> {
    const handle = await this.d.sessions.peek(root);
    if (!handle) throw new Error(`Not signed in to ${root.chainName}: run the chain again.`);
    const result = await handle.aws.listBuckets(handle.client);
    const sources = new Map<string, BucketSource>();
    if (!result.denied) for (const b of result.buckets) sources.set(b.name, 'listed');
    for (const b of pinnedBuckets(handle.chain)) sources.set(b, 'pinned');
    for (const b of this.d.memory.addedBuckets(root.chainName)) if (!sources.has(b)) sources.set(b, 'added');
    const buckets = [...sources.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, source]) => {
        const node = new BucketNode(root, name, source, this.filters.get(containerKey({ ...root, bucket: name, prefix: '' })));
        this.containers.set(containerKey(node), node);
        return node;
      });
    if (!result.denied) return { children: buckets };
    const explain = new MessageNode(root, 'denied', vscode.l10n.t('Add Bucket by Name…'), vscode.l10n.t('this role may not list buckets'), {
      command: 'roleChains.s3.addBucket',
      title: vscode.l10n.t('Add Bucket by Name…'),
      arguments: [{ chainName: root.chainName, stepIndex: root.stepIndex }],
    });
    explain.tooltip = result.message;
    return { children: [explain, ...buckets] };
  }

  private async loadPage(node: ContainerNode, token: string | undefined): Promise<{ children: S3Node[]; nextToken?: string }> {
    const handle = await this.d.sessions.peek(node);
    if (!handle) throw new Error(`Not signed in to ${node.chainName}: run the chain again.`);
    const filter = this.filters.get(containerKey(node)) ?? '';
    const page = await handle.aws.listPage(handle.client, {
      bucket: node.bucket,
      prefix: node.prefix + filter,
      delimiter: '/',
      pageSize: pageSize(),
      ...(token ? { continuationToken: token } : {}),
    });
    const children: S3Node[] = [
      ...page.prefixes.map((p) => {
        const child = new PrefixNode(node, p, this.filters.get(containerKey({ ...toContainerRef(node), prefix: p })));
        this.containers.set(containerKey(child), child);
        return child;
      }),
      ...page.objects.map((o) => new ObjectNode(node, o)),
    ];
    return { children: sortLevel(children), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  /** Forgets the listings (and rows) under a key; the key's own row stays known so it can be refreshed. */
  private clearUnder(key: string): void {
    for (const k of [...this.listings.keys()]) if (k.startsWith(key)) this.listings.delete(k);
    for (const k of [...this.containers.keys()]) if (k.startsWith(key) && k !== key) this.containers.delete(k);
  }
}

function toContainerRef(node: ContainerRef): ContainerRef {
  return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, prefix: node.prefix };
}

/** Folders first, then objects, each by key (pages of one level interleave both). */
function sortLevel(rows: S3Node[]): S3Node[] {
  const rank = (n: S3Node) => (n.kind === 'prefix' ? 0 : 1);
  const name = (n: S3Node) => (n.kind === 'prefix' ? n.prefix : n.kind === 'object' ? n.key : '');
  return rows.sort((a, b) => rank(a) - rank(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}
