// Typed payloads from S3 rows to commands. Tree nodes carry these fields; commands accept a node or a plain object
// of the same shape (other commands, keybindings, tests), checked here rather than trusted.

/** A browsable session: a signed-in chain's step (0-based). */
export interface RootRef {
  readonly chainName: string;
  readonly stepIndex: number;
}

export interface BucketRef extends RootRef {
  readonly bucket: string;
}

/** A bucket ('' prefix) or a folder inside it (prefix ends with '/'). */
export interface ContainerRef extends BucketRef {
  readonly prefix: string;
}

export interface ObjectRef extends BucketRef {
  readonly key: string;
  readonly size?: number;
}

function record(arg: unknown): Record<string, unknown> | undefined {
  return typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : undefined;
}

export function asRootRef(arg: unknown): RootRef | undefined {
  const r = record(arg);
  if (!r || typeof r.chainName !== 'string' || typeof r.stepIndex !== 'number' || !Number.isInteger(r.stepIndex) || r.stepIndex < 0) return undefined;
  return { chainName: r.chainName, stepIndex: r.stepIndex };
}

export function asBucketRef(arg: unknown): BucketRef | undefined {
  const root = asRootRef(arg);
  const r = record(arg);
  if (!root || typeof r?.bucket !== 'string' || r.bucket === '') return undefined;
  return { ...root, bucket: r.bucket };
}

/** A bucket or prefix row (an object row is not a container). */
export function asContainerRef(arg: unknown): ContainerRef | undefined {
  const bucket = asBucketRef(arg);
  const r = record(arg);
  if (!bucket || r?.key !== undefined) return undefined;
  const prefix = r?.prefix ?? '';
  if (typeof prefix !== 'string' || (prefix !== '' && !prefix.endsWith('/'))) return undefined;
  return { ...bucket, prefix };
}

export function asObjectRef(arg: unknown): ObjectRef | undefined {
  const bucket = asBucketRef(arg);
  const r = record(arg);
  if (!bucket || typeof r?.key !== 'string' || r.key === '') return undefined;
  return { ...bucket, key: r.key, ...(typeof r.size === 'number' ? { size: r.size } : {}) };
}

/** State keys: a root's key is a string prefix of its buckets', a bucket's of its folders' (names hold no NUL). */
export function rootKey(ref: RootRef): string {
  return `${ref.chainName}\0${ref.stepIndex}\0`;
}

export function containerKey(ref: ContainerRef): string {
  return `${rootKey(ref)}${ref.bucket}\0${ref.prefix}`;
}

/**
 * `prod-deploy` for the final step, `prod-deploy · step 1` for another one. `stepWord` is the window's language for
 * "step 1" (vscode.l10n.t at the callers: this file has no vscode import, so plain Node tests cover it).
 */
export function rootLabel(ref: RootRef, isFinal: boolean, stepWord: (n: number) => string = (n) => `step ${n}`): string {
  return isFinal ? ref.chainName : `${ref.chainName} · ${stepWord(ref.stepIndex + 1)}`;
}
