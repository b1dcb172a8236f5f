import type * as vscode from 'vscode';

const ADDED_KEY = 'roleChains.s3.addedBuckets';
const PREFIX_KEY = 'roleChains.s3.lastPrefix';

type AddedBuckets = Record<string, string[]>;
type LastPrefixes = Record<string, string>;

/**
 * What the S3 view remembers per workspace: buckets added by name per chain (for roles that may not list
 * buckets) and the last prefix used per bucket (the default of the next upload). Bucket names and prefixes are
 * not secrets; nothing else goes here.
 */
export class BucketMemory {
  constructor(private readonly state: vscode.Memento) {}

  addedBuckets(chainName: string): readonly string[] {
    return this.added()[chainName] ?? [];
  }

  async addBucket(chainName: string, bucket: string): Promise<boolean> {
    const all = this.added();
    const list = all[chainName] ?? [];
    if (list.includes(bucket)) return false;
    await this.state.update(ADDED_KEY, { ...all, [chainName]: [...list, bucket].sort() });
    return true;
  }

  async removeBucket(chainName: string, bucket: string): Promise<boolean> {
    const all = this.added();
    const list = all[chainName] ?? [];
    if (!list.includes(bucket)) return false;
    const rest = list.filter((b) => b !== bucket);
    const next = { ...all };
    if (rest.length > 0) next[chainName] = rest;
    else delete next[chainName];
    await this.state.update(ADDED_KEY, next);
    return true;
  }

  lastPrefix(bucket: string): string | undefined {
    return this.state.get<LastPrefixes>(PREFIX_KEY, {})[bucket];
  }

  async setLastPrefix(bucket: string, prefix: string): Promise<void> {
    await this.state.update(PREFIX_KEY, { ...this.state.get<LastPrefixes>(PREFIX_KEY, {}), [bucket]: prefix });
  }

  private added(): AddedBuckets {
    const value = this.state.get<unknown>(ADDED_KEY);
    if (typeof value !== 'object' || value === null) return {};
    const out: AddedBuckets = {};
    for (const [chain, list] of Object.entries(value)) {
      if (Array.isArray(list)) out[chain] = list.filter((b): b is string => typeof b === 'string');
    }
    return out;
  }
}
