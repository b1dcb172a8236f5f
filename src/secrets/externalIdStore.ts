import * as vscode from 'vscode';

/**
 * Secret keys are `<kind>/<id>`: `externalId/<chain>/<step index>` holds one remembered value (with the role it was
 * typed for), `index/externalIds` lists which steps have one (chain, step, role: nothing secret).
 */
const VALUE_PREFIX = 'externalId/';
const INDEX_KEY = 'index/externalIds';

/** Which step of which chain has a remembered ExternalId, and for which role (never the value). */
export interface RememberedEntry {
  chainName: string;
  stepIndex: number; // 0-based
  roleArn: string;
}

export interface ExternalIdStoreOptions {
  secrets: vscode.SecretStorage;
  onError: (message: string, error: unknown) => void;
}

function keyOf(chainName: string, stepIndex: number): string {
  return `${chainName}/${stepIndex}`;
}

function isEntry(v: unknown): v is RememberedEntry {
  const e = v as Partial<RememberedEntry> | null;
  return (
    typeof e === 'object' && e !== null && typeof e.chainName === 'string' && typeof e.roleArn === 'string' && Number.isInteger(e.stepIndex) && (e.stepIndex ?? -1) >= 0
  );
}

/**
 * ExternalIds the person chose to remember, in SecretStorage only. Each value is bound to the role it was typed
 * for: if the chain's step later names another role, the value is not used (it was agreed with another account).
 * The index is mirrored in memory so "is this step remembered?" is synchronous (refresh planning, tree badges);
 * values are read from SecretStorage when a run needs them and never kept. Other windows' changes arrive through
 * `secrets.onDidChange`.
 */
export class ExternalIdStore implements vscode.Disposable {
  private readonly entries = new Map<string, RememberedEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Writes of the index happen one after the other, so concurrent remember/forget calls cannot lose entries. */
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  readonly loaded: Promise<void>;

  constructor(private readonly options: ExternalIdStoreOptions) {
    this.subscriptions.push(
      options.secrets.onDidChange((e) => {
        if (e.key === INDEX_KEY) void this.reloadIndex();
      }),
    );
    this.loaded = this.reloadIndex();
  }

  /** True when a value is remembered for this step and for this role. */
  isRemembered(chainName: string, stepIndex: number, roleArn: string): boolean {
    return this.entries.get(keyOf(chainName, stepIndex))?.roleArn === roleArn;
  }

  list(chainName?: string): RememberedEntry[] {
    return [...this.entries.values()]
      .filter((e) => chainName === undefined || e.chainName === chainName)
      .sort((a, b) => a.chainName.localeCompare(b.chainName) || a.stepIndex - b.stepIndex);
  }

  /** The remembered value for this step, only if it was remembered for this same role. */
  async get(chainName: string, stepIndex: number, roleArn: string): Promise<string | undefined> {
    const text = await this.options.secrets.get(VALUE_PREFIX + keyOf(chainName, stepIndex));
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as { roleArn?: unknown; value?: unknown };
      return parsed.roleArn === roleArn && typeof parsed.value === 'string' && parsed.value !== '' ? parsed.value : undefined;
    } catch {
      return undefined;
    }
  }

  async remember(entry: RememberedEntry, value: string): Promise<void> {
    await this.serial(async () => {
      const key = keyOf(entry.chainName, entry.stepIndex);
      await this.options.secrets.store(VALUE_PREFIX + key, JSON.stringify({ roleArn: entry.roleArn, value }));
      const index = await this.readIndex();
      index.set(key, { chainName: entry.chainName, stepIndex: entry.stepIndex, roleArn: entry.roleArn });
      await this.writeIndex(index);
    });
  }

  /** Forgets the given steps, or every step of `chainName` when `stepIndex` is omitted; returns how many were forgotten. */
  async forget(chainName: string, stepIndex?: number): Promise<number> {
    return this.serial(async () => {
      const index = await this.readIndex();
      // Entries missing from the index may still be stored (a lost index): delete the requested key regardless.
      const keys = stepIndex === undefined ? [...index.values()].filter((e) => e.chainName === chainName).map((e) => keyOf(e.chainName, e.stepIndex)) : [keyOf(chainName, stepIndex)];
      let count = 0;
      for (const key of keys) {
        await this.options.secrets.delete(VALUE_PREFIX + key);
        if (index.delete(key)) count++;
      }
      await this.writeIndex(index);
      return count;
    });
  }

  async forgetAll(): Promise<number> {
    let count = 0;
    for (const chainName of new Set(this.list().map((e) => e.chainName))) count += await this.forget(chainName);
    return count;
  }

  /**
   * A chain was renamed or its steps changed: values move to the step that still assumes the same role (under the
   * new name), the others are forgotten.
   */
  async rebind(oldName: string, newName: string, steps: ReadonlyArray<{ roleArn: string; externalId: 'prompt' | 'none' }>): Promise<void> {
    const moves: Array<{ from: RememberedEntry; to: number; value: string | undefined }> = [];
    for (const from of this.list(oldName)) {
      const to = steps.findIndex((s) => s.roleArn === from.roleArn && s.externalId === 'prompt');
      moves.push({ from, to, value: to >= 0 ? await this.get(oldName, from.stepIndex, from.roleArn) : undefined });
    }
    if (newName === oldName && moves.every((m) => m.to === m.from.stepIndex)) return;
    // All values are read before any is moved, so steps that swap places do not overwrite each other.
    for (const m of moves) await this.forget(oldName, m.from.stepIndex);
    for (const m of moves) {
      if (m.value !== undefined) await this.remember({ chainName: newName, stepIndex: m.to, roleArn: m.from.roleArn }, m.value);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.subscriptions) d.dispose();
    this.entries.clear();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readIndex(): Promise<Map<string, RememberedEntry>> {
    const text = await this.options.secrets.get(INDEX_KEY);
    const index = new Map<string, RememberedEntry>();
    if (text === undefined) return index;
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) for (const e of parsed) if (isEntry(e)) index.set(keyOf(e.chainName, e.stepIndex), e);
    } catch {
      // A corrupt index is rebuilt by the next write.
    }
    return index;
  }

  private async writeIndex(index: Map<string, RememberedEntry>): Promise<void> {
    if (index.size === 0) await this.options.secrets.delete(INDEX_KEY);
    else await this.options.secrets.store(INDEX_KEY, JSON.stringify([...index.values()]));
    this.setEntries(index);
  }

  private async reloadIndex(): Promise<void> {
    try {
      const index = await this.readIndex();
      if (!this.disposed) this.setEntries(index);
    } catch (error) {
      this.options.onError('Could not read the remembered ExternalIds from SecretStorage', error);
    }
  }

  private setEntries(index: Map<string, RememberedEntry>): void {
    const before = JSON.stringify([...this.entries.values()]);
    this.entries.clear();
    for (const [k, v] of index) this.entries.set(k, v);
    if (JSON.stringify([...this.entries.values()]) !== before) this.changed.fire();
  }
}
