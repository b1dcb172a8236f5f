// What the bucket picker offers for the text typed into it (no vscode import, so plain Node tests cover it): a valid
// name becomes a "Use bucket …" item, checked by the same validator as Add Bucket by Name….
import { validateBucketName } from '../../core/validation';

export interface TypedBucketItem {
  label: string;
  description?: string;
  detail?: string;
  /** Shown whatever the filter: the item is the typed text itself. */
  alwaysShow: true;
  /** The bucket to use; absent when the text is not a valid name (the item explains, choosing it does nothing). */
  bucket?: string;
  typed: true;
}

/** The item's words; the picker passes them through vscode.l10n.t (this file has no vscode import). */
export interface TypedBucketWords {
  use: (name: string) => string;
  typed: string;
  notABucket: (name: string) => string;
}

const ENGLISH: TypedBucketWords = {
  use: (name) => `Use bucket "${name}"`,
  typed: 'typed, remembered for this chain',
  notABucket: (name) => `"${name}" is not a bucket name`,
};

/**
 * The item for `value` typed into a picker that already lists `known` buckets: none when empty or already listed;
 * a "Use bucket" item when valid; the validator's message when not, unless the text still narrows the list to a
 * known bucket (a person typing to filter is not told off).
 */
export function typedBucketItem(value: string, known: readonly string[], words: TypedBucketWords = ENGLISH): TypedBucketItem | undefined {
  const name = value.trim();
  if (name === '' || known.includes(name)) return undefined;
  const problem = validateBucketName(name);
  if (!problem) return { label: `$(arrow-right) ${words.use(name)}`, description: words.typed, alwaysShow: true, bucket: name, typed: true };
  const lower = name.toLowerCase();
  if (known.some((b) => b.includes(lower))) return undefined;
  return { label: `$(warning) ${words.notABucket(name)}`, detail: problem, alwaysShow: true, typed: true };
}
