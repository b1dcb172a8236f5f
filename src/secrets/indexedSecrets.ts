/** What this helper needs of SecretStorage (vscode.SecretStorage fits; unit tests pass an in-memory one). */
export interface SecretsLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface IndexedSecretsOptions<E> {
  secrets: SecretsLike;
  /** Values live at `prefix + id` (`<kind>/<id>`). */
  prefix: string;
  /** Where the index lives: a JSON list of entries, one per stored value. */
  indexKey: string;
  /** One element of the stored list as an entry, or undefined to drop it (written by a bug or by hand). */
  parseEntry: (raw: unknown) => E | undefined;
  idOf: (entry: E) => string;
  /** Called with the index after every update, before the next queued work runs. */
  onIndex?: (index: ReadonlyMap<string, E>) => void;
}

/**
 * Values under one prefix in SecretStorage, with an index of them kept beside them (SecretStorage has no `keys()` in
 * VS Code 1.100, so without it values of chains since removed from settings could not be found). Every read and
 * write of one key waits for this window's earlier work on that key, so concurrent updates of the index cannot lose
 * entries. A corrupt index reads as empty and is rebuilt by the next update.
 */
export class IndexedSecrets<E> {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: IndexedSecretsOptions<E>) {}

  /** The id of a value's secret key (for `onDidChange`), or undefined when the key is not one of these values. */
  idOfKey(key: string): string | undefined {
    return key.startsWith(this.options.prefix) ? key.slice(this.options.prefix.length) : undefined;
  }

  isIndexKey(key: string): boolean {
    return key === this.options.indexKey;
  }

  get(id: string): Promise<string | undefined> {
    const key = this.options.prefix + id;
    return this.enqueue(key, () => this.options.secrets.get(key));
  }

  store(id: string, value: string): Promise<void> {
    const key = this.options.prefix + id;
    return this.enqueue(key, () => this.options.secrets.store(key, value));
  }

  delete(id: string): Promise<void> {
    const key = this.options.prefix + id;
    return this.enqueue(key, () => this.options.secrets.delete(key));
  }

  /** The stored index by id; empty when there is none or it cannot be read as a list. */
  readIndex(): Promise<Map<string, E>> {
    return this.enqueue(this.options.indexKey, async () => this.parse(await this.options.secrets.get(this.options.indexKey)));
  }

  /**
   * Reads the index, lets `change` edit it (value reads and writes inside are fine; index calls would wait forever)
   * and writes it back when it differs; an empty index is deleted. Returns what `change` returns.
   */
  updateIndex<T>(change: (index: Map<string, E>) => T | Promise<T>): Promise<T> {
    const indexKey = this.options.indexKey;
    return this.enqueue(indexKey, async () => {
      const text = await this.options.secrets.get(indexKey);
      const index = this.parse(text);
      const result = await change(index);
      const next = JSON.stringify([...index.keys()].sort().map((id) => index.get(id)));
      if (next !== text) {
        // Nothing in an index is secret, but keeping it here leaves nothing of ours outside SecretStorage.
        if (index.size > 0) await this.options.secrets.store(indexKey, next);
        else if (text !== undefined) await this.options.secrets.delete(indexKey);
      }
      this.options.onIndex?.(index);
      return result;
    });
  }

  deleteIndex(): Promise<void> {
    return this.enqueue(this.options.indexKey, () => this.options.secrets.delete(this.options.indexKey));
  }

  private parse(text: string | undefined): Map<string, E> {
    const index = new Map<string, E>();
    if (text === undefined) return index;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return index;
      for (const raw of parsed) {
        const entry = this.options.parseEntry(raw);
        if (entry !== undefined) index.set(this.options.idOf(entry), entry);
      }
    } catch {
      // A corrupt index reads as empty; the next update rebuilds it from what this window knows.
    }
    return index;
  }

  /** Runs `work` once the earlier work on `key` has settled, failed or not. */
  private enqueue<T>(key: string, work: () => PromiseLike<T> | Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(
      () => work(),
      () => work(),
    );
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }
}
