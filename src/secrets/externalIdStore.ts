import * as vscode from 'vscode';
import { IndexedSecrets } from './indexedSecrets';

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
  /** Updates of the index happen one after the other, so concurrent remember/forget calls cannot lose entries. */
  private readonly secrets: IndexedSecrets<RememberedEntry>;
  private disposed = false;
  readonly loaded: Promise<void>;

  constructor(private readonly options: ExternalIdStoreOptions) {
    this.secrets = new IndexedSecrets<RememberedEntry>({
      secrets: options.secrets,
      prefix: VALUE_PREFIX,
      indexKey: INDEX_KEY,
      parseEntry: (raw) => (isEntry(raw) ? raw : undefined),
      idOf: (e) => keyOf(e.chainName, e.stepIndex),
      onIndex: (index) => this.setEntries(index),
    });
    this.subscriptions.push(
      options.secrets.onDidChange((e) => {
        if (this.secrets.isIndexKey(e.key)) void this.reloadIndex();
      }),
    );
    // Read just after activation, not during it: nothing needs the index before a chain runs or a view paints.
    this.loaded = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => (this.disposed ? undefined : this.reloadIndex()));
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
    const text = await this.secrets.get(keyOf(chainName, stepIndex));
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as { roleArn?: unknown; value?: unknown };
      return parsed.roleArn === roleArn && typeof parsed.value === 'string' && parsed.value !== '' ? parsed.value : undefined;
    } catch {
      return undefined;
    }
  }

  async remember(entry: RememberedEntry, value: string): Promise<void> {
    await this.secrets.updateIndex(async (index) => {
      const key = keyOf(entry.chainName, entry.stepIndex);
      await this.secrets.store(key, JSON.stringify({ roleArn: entry.roleArn, value }));
      index.set(key, { chainName: entry.chainName, stepIndex: entry.stepIndex, roleArn: entry.roleArn });
    });
  }

  /** Forgets the given steps, or every step of `chainName` when `stepIndex` is omitted; returns how many were forgotten. */
  async forget(chainName: string, stepIndex?: number): Promise<number> {
    return this.secrets.updateIndex(async (index) => {
      // Entries missing from the index may still be stored (a lost index): delete the requested key regardless.
      const keys = stepIndex === undefined ? [...index.values()].filter((e) => e.chainName === chainName).map((e) => keyOf(e.chainName, e.stepIndex)) : [keyOf(chainName, stepIndex)];
      let count = 0;
      for (const key of keys) {
        await this.secrets.delete(key);
        if (index.delete(key)) count++;
      }
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

  private async reloadIndex(): Promise<void> {
    try {
      const index = await this.secrets.readIndex();
      if (!this.disposed) this.setEntries(index);
    } catch (error) {
      this.options.onError('Could not read the remembered ExternalIds from SecretStorage', error);
    }
  }

  private setEntries(index: ReadonlyMap<string, RememberedEntry>): void {
    const before = JSON.stringify([...this.entries.values()]);
    this.entries.clear();
    for (const [k, v] of index) this.entries.set(k, v);
    if (JSON.stringify([...this.entries.values()]) !== before) this.changed.fire();
  }
}
