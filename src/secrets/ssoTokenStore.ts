// IAM Identity Center sign-ins (access token, refresh token and the registered client) in SecretStorage, one per
// portal, and nowhere else: not the CLI's ~/.aws/sso/cache, whose JSON files hold them in plaintext. An index of the
// portals (start URL and region, nothing secret) lets Sign Out of All find every one.
import type { SsoTokenStoreLike, SsoTokens } from '../core/aws';
import { IndexedSecrets, type SecretsLike } from './indexedSecrets';

const PREFIX = 'roleChains.sso/';
const INDEX_KEY = 'roleChains.sso.index';

interface PortalEntry {
  key: string;
}

function isStr(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A stored value as tokens, or undefined when it is not one (written by a bug or by hand): it is then dropped. */
export function parseSsoTokens(text: string | undefined): SsoTokens | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as Partial<SsoTokens> | null;
    const c = raw?.client;
    if (!raw || !isStr(raw.accessToken) || !isNum(raw.expiresAt) || (raw.refreshToken !== undefined && !isStr(raw.refreshToken))) return undefined;
    if (!c || !isStr(c.clientId) || !isStr(c.clientSecret) || !isNum(c.expiresAt)) return undefined;
    return { accessToken: raw.accessToken, refreshToken: raw.refreshToken, expiresAt: raw.expiresAt, client: { clientId: c.clientId, clientSecret: c.clientSecret, expiresAt: c.expiresAt } };
  } catch {
    return undefined;
  }
}

/** How many token values the log keeps redacting after they were replaced (a refresh rotates both tokens). */
const REMEMBERED_VALUES = 32;

export class SsoTokenStore implements SsoTokenStoreLike {
  private readonly secrets: IndexedSecrets<PortalEntry>;
  private readonly seen: string[] = [];

  constructor(storage: SecretsLike) {
    this.secrets = new IndexedSecrets<PortalEntry>({
      secrets: storage,
      prefix: PREFIX,
      indexKey: INDEX_KEY,
      parseEntry: (raw) => (typeof raw === 'object' && raw !== null && isStr((raw as PortalEntry).key) ? { key: (raw as PortalEntry).key } : undefined),
      idOf: (e) => e.key,
    });
  }

  /** Token and client-secret values this window has read or written, for the log's redaction only. */
  knownSecrets(): readonly string[] {
    return this.seen;
  }

  async get(key: string): Promise<SsoTokens | undefined> {
    const text = await this.secrets.get(key);
    const tokens = parseSsoTokens(text);
    if (text !== undefined && !tokens) await this.delete(key);
    if (tokens) this.remember(tokens);
    return tokens;
  }

  async set(key: string, tokens: SsoTokens): Promise<void> {
    this.remember(tokens);
    // Index first: a value stored but not indexed could outlive Sign Out of All.
    await this.secrets.updateIndex((index) => void index.set(key, { key }));
    await this.secrets.store(key, JSON.stringify(tokens));
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
    await this.secrets.updateIndex((index) => void index.delete(key));
  }

  private remember(tokens: SsoTokens): void {
    for (const value of [tokens.accessToken, tokens.refreshToken, tokens.client.clientSecret]) {
      if (value === undefined || this.seen.includes(value)) continue;
      this.seen.push(value);
      if (this.seen.length > REMEMBERED_VALUES) this.seen.shift();
    }
  }

  /** Forgets every sign-in; returns how many there were. */
  async deleteAll(): Promise<number> {
    const keys = [...(await this.secrets.readIndex()).keys()];
    for (const key of keys) await this.secrets.delete(key);
    await this.secrets.deleteIndex();
    return keys.length;
  }
}
