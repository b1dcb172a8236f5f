// What the S3 view has listed, without vscode: per level (a root's buckets, a bucket's or folder's folders and
// objects) its pages, its filter, its error, and the session it was listed with; and which extra steps are browsed.
// The tree provider turns entries into rows; unit tests drive this model in plain Node.
import type { ListBucketsResult, ListPage } from '../../core/aws';
import { toUserMessage } from '../../core/errorMessages';
import { parentPrefix } from '../../core/s3Keys';
import { containerKey, rootKey, type ContainerRef, type RootRef } from './refs';

/** Where a bucket row comes from: the bucket listing, the chain's s3.buckets setting, or Add Bucket by Name. */
export type BucketSource = 'listed' | 'pinned' | 'added';

export interface BucketEntry {
  readonly kind: 'bucket';
  readonly name: string;
  readonly source: BucketSource;
}
/** The role may not list buckets: shown first, before the pinned and added ones. */
export interface DeniedEntry {
  readonly kind: 'denied';
  readonly message: string;
}
export interface PrefixEntry {
  readonly kind: 'prefix';
  readonly prefix: string;
}
export interface ObjectEntry {
  readonly kind: 'object';
  readonly object: ListPage['objects'][number];
}
export type RootEntry = DeniedEntry | BucketEntry;
export type ContainerEntry = PrefixEntry | ObjectEntry;
type Entry = RootEntry | ContainerEntry;

/** A level of the tree: a root (its buckets) or a bucket or folder (its folders and objects). */
export type Level = RootRef | ContainerRef;

/**
 * One level as the view shows it. Entries are the same objects until the level is listed again (a next page adds
 * to them), so whoever maps them to rows can keep each row as long as its entry.
 */
export interface LevelState<E> {
  readonly status: 'loading' | 'ready' | 'error';
  readonly entries: readonly E[];
  readonly error?: string;
  /** S3 has another page (the Load more row). */
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  /** The last next page failed (shown on the Load more row). */
  readonly moreError?: string;
}

/** Where the model's data comes from (S3 through a session); a failure is the level's error. */
export interface ListingSource {
  buckets(root: RootRef): Promise<{ listed: ListBucketsResult; pinned: readonly string[]; added: readonly string[] }>;
  /** One page of a level's folders (delimiter '/') and objects whose keys start with `prefix`. */
  page(level: ContainerRef, prefix: string, continuationToken: string | undefined): Promise<ListPage>;
}

/** How a chain stands for the S3 view. */
export type ChainState = 'signedIn' | 'expired' | 'signedOut';

interface Listing {
  readonly level: Level;
  status: 'loading' | 'ready' | 'error';
  entries: Entry[];
  error?: string;
  nextToken?: string;
  /** Set while the next page is being fetched. */
  more?: Promise<void>;
  moreError?: string;
  first: Promise<void>;
}

export class ListingModel {
  private readonly listeners = new Set<(level: Level | undefined) => void>();
  /** Steps opened with Browse S3 as This Step, by root key. */
  private readonly browsed = new Map<string, RootRef>();
  /** The session (createdAt) each root's listings were made with: a new run or a sign-out discards them. */
  private readonly listedWith = new Map<string, number | undefined>();
  private readonly listings = new Map<string, Listing>();
  /** The bucket and folder entries of the listed levels, by their own container key. */
  private readonly containers = new Map<string, BucketEntry | PrefixEntry>();
  private readonly filters = new Map<string, string>();

  constructor(
    private readonly source: ListingSource,
    private readonly warn: (message: string) => void,
  ) {}

  /** A level changed (undefined: the roots, or everything). */
  onDidChange(listener: (level: Level | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // Roots ---------------------------------------------------------------------------------------------------------

  /** A chain's roots: its final step, then (while signed in) the steps opened with Browse S3 as This Step. */
  rootsOf(chainName: string, stepCount: number | undefined, state: ChainState): Array<{ ref: RootRef; isFinal: boolean }> {
    if (state === 'signedOut') {
      for (const [key, ref] of this.browsed) if (ref.chainName === chainName) this.browsed.delete(key);
      return [];
    }
    if (!stepCount) return [];
    const roots = [{ ref: { chainName, stepIndex: stepCount - 1 }, isFinal: true }];
    if (state === 'signedIn') {
      const steps = [...this.browsed.values()].filter((r) => r.chainName === chainName && r.stepIndex < stepCount - 1);
      steps.sort((a, b) => a.stepIndex - b.stepIndex);
      for (const ref of steps) roots.push({ ref, isFinal: false });
    }
    return roots;
  }

  /** Browse S3 as This Step: adds the step as a root unless it is the final one (`stepCount` of the live session). */
  browse(ref: RootRef, stepCount: number | undefined): void {
    if (stepCount !== undefined && ref.stepIndex !== stepCount - 1) this.browsed.set(rootKey(ref), { chainName: ref.chainName, stepIndex: ref.stepIndex });
    this.emit(undefined);
  }

  /** Removes a step added with `browse`; false when it was not one. */
  close(ref: RootRef): boolean {
    const key = rootKey(ref);
    if (!this.browsed.delete(key)) return false;
    this.clearUnder(key);
    this.emit(undefined);
    return true;
  }

  /** Ties a root's listings to the session (its createdAt) they are made with; another session starts them over. */
  bindSession(root: RootRef, createdAt: number | undefined): void {
    const key = rootKey(root);
    if (this.listedWith.get(key) === createdAt) return;
    this.clearUnder(key);
    this.listedWith.set(key, createdAt);
  }

  // Levels --------------------------------------------------------------------------------------------------------

  /** A root's buckets; the first call starts listing them. */
  buckets(root: RootRef): LevelState<RootEntry> {
    return view(this.listing({ chainName: root.chainName, stepIndex: root.stepIndex })) as LevelState<RootEntry>;
  }

  /** A bucket's or folder's folders and objects; the first call starts listing the first page. */
  contents(container: ContainerRef): LevelState<ContainerEntry> {
    return view(this.listing(plainContainer(container))) as LevelState<ContainerEntry>;
  }

  /** The first page or next page being fetched for a level, if any. */
  pending(level: Level): Promise<void> | undefined {
    const listing = this.listings.get(keyOf(level));
    return listing?.status === 'loading' ? listing.first : listing?.more;
  }

  /** The bucket or folder entry for `ref`, once its parent has been listed. */
  container(ref: ContainerRef): BucketEntry | PrefixEntry | undefined {
    return this.containers.get(containerKey(ref));
  }

  /** Fetches the next page of a level that has one (one fetch at a time). */
  loadMore(ref: ContainerRef): Promise<void> {
    const key = containerKey(ref);
    const listing = this.listings.get(key);
    if (!listing || listing.status !== 'ready' || !listing.nextToken) return Promise.resolve();
    if (listing.more) return listing.more;
    const level = listing.level as ContainerRef;
    const token = listing.nextToken;
    listing.moreError = undefined;
    listing.more = (async () => {
      try {
        const page = await this.source.page(level, level.prefix + (this.filters.get(key) ?? ''), token);
        if (this.listings.get(key) !== listing) return;
        listing.entries = sortContents([...(listing.entries as ContainerEntry[]), ...this.known(level, pageEntries(page))]);
        listing.nextToken = page.nextToken;
      } catch (e) {
        if (this.listings.get(key) !== listing) return;
        listing.moreError = toUserMessage(e);
        this.warn(`S3: could not list more of ${level.bucket}/${level.prefix}: ${listing.moreError}`);
      } finally {
        listing.more = undefined;
        if (this.listings.get(key) === listing) this.emit(level);
      }
    })();
    this.emit(level);
    return listing.more;
  }

  filterOf(ref: ContainerRef): string | undefined {
    return this.filters.get(containerKey(ref));
  }

  /** Lists only keys starting with `filter` under the bucket or folder ('' clears it). */
  setFilter(ref: ContainerRef, filter: string): void {
    const key = containerKey(ref);
    if (filter) this.filters.set(key, filter);
    else this.filters.delete(key);
    this.clearUnder(key);
    this.emit(plainContainer(ref));
  }

  /** Everything, a root, or a bucket/folder is listed again when next shown. */
  refresh(level?: Level): void {
    if (!level) {
      this.listings.clear();
      this.containers.clear();
      this.emit(undefined);
      return;
    }
    this.clearUnder(keyOf(level));
    this.emit(plainLevel(level));
  }

  /**
   * After a write under `ref`: refreshes the nearest listed level among the folder and its ancestors (a new folder
   * must appear in the level that was listed before it existed), else the root if it was listed.
   */
  refreshAround(ref: ContainerRef): void {
    let prefix = ref.prefix;
    for (let i = 0; i < 1000; i++) {
      const level = { ...plainContainer(ref), prefix };
      if (this.listings.has(containerKey(level))) return this.refresh(level);
      if (prefix === '') break;
      prefix = parentPrefix(prefix);
    }
    if (this.listings.has(rootKey(ref))) this.refresh({ chainName: ref.chainName, stepIndex: ref.stepIndex });
  }

  // -------------------------------------------------------------------------------------------------------------

  private emit(level: Level | undefined): void {
    for (const listener of [...this.listeners]) listener(level);
  }

  private listing(level: Level): Listing {
    const key = keyOf(level);
    const existing = this.listings.get(key);
    if (existing) return existing;
    const listing: Listing = { level, status: 'loading', entries: [], first: Promise.resolve() };
    listing.first = (async () => {
      try {
        const result = 'bucket' in level ? await this.firstPage(level, key) : await this.bucketEntries(level);
        if (this.listings.get(key) !== listing) return;
        listing.entries = this.known(level, result.entries);
        listing.nextToken = result.nextToken;
        listing.status = 'ready';
      } catch (e) {
        if (this.listings.get(key) !== listing) return;
        listing.error = toUserMessage(e);
        listing.status = 'error';
        this.warn(`S3: ${listing.error}`);
      }
      this.emit(level);
    })();
    this.listings.set(key, listing);
    return listing;
  }

  private async bucketEntries(root: RootRef): Promise<{ entries: Entry[]; nextToken?: string }> {
    const { listed, pinned, added } = await this.source.buckets(root);
    const sources = new Map<string, BucketSource>();
    if (!listed.denied) for (const b of listed.buckets) sources.set(b.name, 'listed');
    for (const b of pinned) sources.set(b, 'pinned');
    for (const b of added) if (!sources.has(b)) sources.set(b, 'added');
    const buckets = [...sources.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, source]): BucketEntry => ({ kind: 'bucket', name, source }));
    return { entries: listed.denied ? [{ kind: 'denied', message: listed.message }, ...buckets] : buckets };
  }

  private async firstPage(level: ContainerRef, key: string): Promise<{ entries: Entry[]; nextToken?: string }> {
    const page = await this.source.page(level, level.prefix + (this.filters.get(key) ?? ''), undefined);
    return { entries: sortContents(pageEntries(page)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  /** Indexes a level's bucket and folder entries by their own key (for `container`), as they become its entries. */
  private known<E extends Entry>(level: Level, entries: E[]): E[] {
    for (const entry of entries) {
      if (entry.kind === 'bucket') this.containers.set(containerKey({ chainName: level.chainName, stepIndex: level.stepIndex, bucket: entry.name, prefix: '' }), entry);
      else if (entry.kind === 'prefix' && 'bucket' in level) this.containers.set(containerKey({ ...level, prefix: entry.prefix }), entry);
    }
    return entries;
  }

  /** Forgets the listings under a key; the key's own entry stays known so its row can be refreshed. */
  private clearUnder(key: string): void {
    for (const k of [...this.listings.keys()]) if (k.startsWith(key)) this.listings.delete(k);
    for (const k of [...this.containers.keys()]) if (k.startsWith(key) && k !== key) this.containers.delete(k);
  }
}

function keyOf(level: Level): string {
  return 'bucket' in level ? containerKey(level) : rootKey(level);
}

/** Refs often arrive as tree rows: keep only the fields, not the row. */
function plainContainer(ref: ContainerRef): ContainerRef {
  return { chainName: ref.chainName, stepIndex: ref.stepIndex, bucket: ref.bucket, prefix: ref.prefix };
}

function plainLevel(level: Level): Level {
  return 'bucket' in level ? plainContainer(level) : { chainName: level.chainName, stepIndex: level.stepIndex };
}

function pageEntries(page: ListPage): ContainerEntry[] {
  return [...page.prefixes.map((prefix): PrefixEntry => ({ kind: 'prefix', prefix })), ...page.objects.map((object): ObjectEntry => ({ kind: 'object', object }))];
}

function view(listing: Listing): LevelState<Entry> {
  return {
    status: listing.status,
    entries: listing.entries,
    ...(listing.error !== undefined ? { error: listing.error } : {}),
    hasMore: listing.nextToken !== undefined,
    loadingMore: listing.more !== undefined,
    ...(listing.moreError !== undefined ? { moreError: listing.moreError } : {}),
  };
}

/** Folders first, then objects, each by key (pages of one level interleave both). */
function sortContents(entries: ContainerEntry[]): ContainerEntry[] {
  const rank = (e: ContainerEntry) => (e.kind === 'prefix' ? 0 : 1);
  const name = (e: ContainerEntry) => (e.kind === 'prefix' ? e.prefix : e.object.key);
  return entries.sort((a, b) => rank(a) - rank(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}
