import * as vscode from 'vscode';
import type { Clock } from '../core/clock';
import type { Session } from '../core/session';
import { deserializeSession, isExpired, secretsOf, serializeSession } from '../core/session';
import { IndexedSecrets } from './indexedSecrets';

/** Secret keys are `<kind>/<id>`: one entry per chain, plus the list of chains that have one. */
const SESSION_PREFIX = 'session/';
const INDEX_KEY = 'index/sessions';

export interface SessionStoreOptions {
  secrets: vscode.SecretStorage;
  clock: Clock;
  /** Read on every write: false keeps sessions in this window's memory only. */
  persist: () => boolean;
  onError: (message: string, error: unknown) => void;
  /**
   * The role ARN of each step of the chain as configured now (undefined: no such chain here). A session is used only
   * while the roles it was made for are the ones its chain names: a trusted workspace may define a chain with the
   * same name as one of the user's, and sessions are shared by name across windows.
   */
  definition?: (chainName: string) => readonly string[] | undefined;
}

/**
 * Signed-in sessions. The only code that touches SecretStorage: sessions are kept in memory for synchronous reads
 * (tree, status bar) and mirrored to SecretStorage so a reload keeps them; other windows' changes arrive through
 * `secrets.onDidChange`. An expired session is never returned and is deleted on the next prune.
 * The index of chain names is kept in SecretStorage too, so sessions of chains since removed from settings can still
 * be found and deleted.
 */
export class SessionStore implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever the set of sessions, or the active one, changes. */
  readonly onDidChangeSessions = this.changed.event;
  private readonly expired = new vscode.EventEmitter<string>();
  /** Fires with the chain name when a session is dropped because it expired (so the UI can offer a re-run). */
  readonly onDidExpire = this.expired.event;
  private readonly signedOut = new vscode.EventEmitter<string | undefined>();
  /** Fires on every sign-out, live session or not: the chain's name, or undefined for all chains. */
  readonly onDidSignOut = this.signedOut.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.expired, this.signedOut];
  /** This window's reads and writes of one key happen in order. */
  private readonly secrets: IndexedSecrets<string>;
  private activeName: string | undefined;
  private disposed = false;
  readonly restored: Promise<void>;
  private resolveRestored!: () => void;

  constructor(private readonly options: SessionStoreOptions) {
    this.restored = new Promise((resolve) => (this.resolveRestored = resolve));
    this.secrets = new IndexedSecrets<string>({
      secrets: options.secrets,
      prefix: SESSION_PREFIX,
      indexKey: INDEX_KEY,
      parseEntry: (raw) => (typeof raw === 'string' ? raw : undefined),
      idOf: (name) => name,
    });
    this.subscriptions.push(options.secrets.onDidChange((e) => void this.onSecretChanged(e.key)));
  }

  /**
   * Loads persisted sessions of the indexed chains and of `configuredNames` (in case the index was lost);
   * activation calls it without awaiting. Expired ones are deleted on the way.
   */
  async restore(configuredNames: readonly string[] = []): Promise<void> {
    try {
      const names = new Set([...(await this.readIndex()), ...configuredNames]);
      if (!this.options.persist()) {
        // Sessions stored before persistence was turned off (in another window, or before a restart) go now.
        for (const name of names) await this.secrets.delete(name);
        await this.secrets.deleteIndex();
        return;
      }
      await Promise.all([...names].map((name) => this.reread(name)));
    } catch (error) {
      this.options.onError('Could not restore sessions from SecretStorage', error);
    } finally {
      this.resolveRestored();
    }
  }

  /** The live session of a chain, or undefined when there is none, it has expired or it was made for other roles. */
  get(chainName: string): Session | undefined {
    const session = this.sessions.get(chainName);
    return session && !isExpired(session, this.options.clock.now()) && this.mismatch(session) === undefined ? session : undefined;
  }

  /** Live sessions, most recently created first. */
  all(): Session[] {
    const now = this.options.clock.now();
    return [...this.sessions.values()].filter((s) => !isExpired(s, now) && this.mismatch(s) === undefined).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Why a chain's unexpired session is not used (it was made for other roles), for messages; undefined otherwise. */
  unusableReason(chainName: string): string | undefined {
    const session = this.sessions.get(chainName);
    return session && !isExpired(session, this.options.clock.now()) ? this.mismatch(session) : undefined;
  }

  /** The chains' definitions changed (settings, trust): sessions may have become usable or not. */
  definitionsChanged(): void {
    if (this.sessions.size > 0) this.changed.fire();
  }

  /** The chain the status bar shows: the one chosen last, else the most recently signed-in live one. */
  active(): Session | undefined {
    const chosen = this.activeName === undefined ? undefined : this.get(this.activeName);
    return chosen ?? this.all()[0];
  }

  setActive(chainName: string): void {
    if (this.get(chainName) === undefined || this.activeName === chainName) return;
    this.activeName = chainName;
    this.changed.fire();
  }

  /** Every secret value held in memory, for log redaction. */
  knownSecrets(): string[] {
    return [...this.sessions.values()].flatMap(secretsOf);
  }

  async set(session: Session): Promise<void> {
    const name = session.chainName;
    this.sessions.set(name, session);
    this.activeName = name;
    this.changed.fire();
    await this.writeOut(session);
  }

  /** Sign-out: deletes the chain's session (memory and SecretStorage), whatever its state, and says so. */
  async delete(chainName: string): Promise<void> {
    await this.remove(chainName);
    this.signedOut.fire(chainName);
  }

  private async remove(chainName: string): Promise<void> {
    const had = this.sessions.delete(chainName);
    if (had) this.changed.fire();
    // Deleting from SecretStorage even when memory had nothing: another window may have written it.
    await this.secrets.delete(chainName);
    await this.updateIndex((names) => void names.delete(chainName));
  }

  /** Signs out of everything, including persisted sessions of chains no longer in settings. */
  async deleteAll(): Promise<void> {
    const names = new Set([...this.sessions.keys(), ...(await this.readIndex())]);
    for (const name of names) await this.remove(name);
    this.signedOut.fire(undefined);
  }

  /** Drops expired sessions from memory and SecretStorage; called on the minute tick. */
  async pruneExpired(): Promise<void> {
    const now = this.options.clock.now();
    const expired = [...this.sessions.values()].filter((s) => isExpired(s, now)).map((s) => s.chainName);
    for (const name of expired) {
      await this.remove(name);
      this.expired.fire(name);
    }
  }

  /**
   * The persistence setting changed: turning it off deletes what is stored (memory keeps the sessions);
   * turning it on writes the in-memory sessions out.
   */
  async persistenceChanged(): Promise<void> {
    if (this.options.persist()) {
      for (const session of this.all()) await this.writeOut(session);
      return;
    }
    for (const name of await this.readIndex()) await this.secrets.delete(name);
    await this.secrets.deleteIndex();
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.subscriptions) d.dispose();
    this.sessions.clear();
  }

  private mismatch(session: Session): string | undefined {
    if (!this.options.definition) return undefined;
    const name = session.chainName;
    const configured = this.options.definition(name);
    if (configured === undefined) return vscode.l10n.t("{0} is not a role chain in this window's settings.", name);
    const held = session.steps.map((s) => s.roleArn);
    const i = held.findIndex((arn, k) => arn !== configured[k]);
    if (i < 0 && held.length === configured.length) return undefined;
    const at = i < 0 ? Math.min(held.length, configured.length) : i;
    const none = vscode.l10n.t('none');
    return vscode.l10n.t('The session of {0} was signed in for other roles than the chain now names (step {1}: {2}, now {3}).', name, at + 1, held[at] ?? none, configured[at] ?? none);
  }

  private async writeOut(session: Session): Promise<void> {
    if (!this.options.persist()) return;
    const name = session.chainName;
    await this.secrets.store(name, serializeSession(session));
    await this.updateIndex((names) => void names.set(name, name));
  }

  private async onSecretChanged(key: string): Promise<void> {
    const name = this.secrets.idOfKey(key);
    if (this.disposed || !this.options.persist() || name === undefined) return;
    try {
      await this.reread(name);
    } catch (error) {
      this.options.onError('Could not read a session changed by another window', error);
    }
  }

  /** Makes memory match SecretStorage for one chain; an expired or unreadable entry is deleted. */
  private async reread(name: string): Promise<void> {
    const text = await this.secrets.get(name);
    if (this.disposed) return;
    const session = text === undefined ? undefined : deserializeSession(text);
    const usable = session !== undefined && session.chainName === name && !isExpired(session, this.options.clock.now());
    if (!usable) {
      if (text !== undefined) await this.remove(name);
      else if (this.sessions.delete(name)) this.changed.fire();
      if (session !== undefined && session.chainName === name) this.expired.fire(name);
      return;
    }
    const current = this.sessions.get(name);
    if (current && current.createdAt === session.createdAt && current.expiresAt === session.expiresAt) return;
    this.sessions.set(name, session);
    this.changed.fire();
  }

  private async readIndex(): Promise<string[]> {
    return [...(await this.secrets.readIndex()).keys()];
  }

  private async updateIndex(change: (names: Map<string, string>) => void): Promise<void> {
    if (!this.options.persist()) return;
    await this.secrets.updateIndex(change);
  }
}
