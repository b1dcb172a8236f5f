import * as vscode from 'vscode';
import { normalizePrefix, s3Uri } from '../../../core/s3Keys';
import { validateBucketName, validateObjectKey } from '../../../core/validation';
import { rootLabel, type ContainerRef, type RootRef } from '../refs';
import { stepWord } from '../stepWord';
import { pinnedBuckets } from '../s3Settings';
import { typedBucketItem } from '../typedBucket';
import type { S3CommandDeps } from './deps';

/** The session step to act as: the only live one, or a pick; none live: offers to run a chain. */
export async function pickRoot(d: S3CommandDeps, title: string): Promise<RootRef | undefined> {
  const roots = d.tree.liveRoots();
  if (roots.length === 0) {
    void d.ui.ui.notify('info', vscode.l10n.t("Sign in to a role chain first: S3 is browsed with a chain's session."), vscode.l10n.t('Run Role Chain…')).then((c) => {
      if (c) void vscode.commands.executeCommand('roleChains.chains.run');
    });
    return undefined;
  }
  if (roots.length === 1) return roots[0];
  const picked = await d.ui.ui.showQuickPick(
    roots.map((r) => ({ label: rootLabel(r, r.isFinal, stepWord), description: typeof r.description === 'string' ? r.description : undefined, root: r as RootRef })),
    { title, placeHolder: vscode.l10n.t('Session to use') },
  );
  return picked?.root;
}

interface BucketItem extends vscode.QuickPickItem {
  bucket?: string;
  /** Made from the text typed into the picker (see typedBucketItem). */
  typed?: true;
}

/** A bucket the step can use: listed (when allowed), pinned, added by name, or typed now (then remembered). */
export async function pickBucket(d: S3CommandDeps, root: RootRef, title: string): Promise<string | undefined> {
  const handle = await d.sessions.open(root);
  let denied = false;
  let known: string[] = [];
  const items = (async (): Promise<BucketItem[]> => {
    const sources = new Map<string, string>();
    try {
      const listed = await handle.aws.listBuckets(handle.client);
      if (listed.denied) denied = true;
      else for (const b of listed.buckets) sources.set(b.name, '');
    } catch (e) {
      d.log.warn(`Upload: could not list buckets: ${e instanceof Error ? e.message : String(e)}`);
      denied = true;
    }
    for (const b of pinnedBuckets(handle.chain)) sources.set(b, vscode.l10n.t('pinned'));
    for (const b of d.memory.addedBuckets(root.chainName)) if (!sources.has(b)) sources.set(b, vscode.l10n.t('added'));
    known = [...sources.keys()];
    const buckets = [...sources.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([bucket, description]) => ({ label: bucket, description, bucket }));
    return [...buckets, { label: `$(edit) ${vscode.l10n.t('Enter Bucket Name…')}`, description: denied ? vscode.l10n.t('this role may not list buckets') : '' }];
  })();
  const picked = await d.ui.ui.showQuickPick<BucketItem>(items, {
    title,
    placeHolder: vscode.l10n.t('Bucket (or type its name)'),
    matchOnDescription: true,
    typedItem: (value) =>
      typedBucketItem(value, known, {
        use: (name) => vscode.l10n.t('Use bucket "{0}"', name),
        typed: vscode.l10n.t('typed, remembered for this chain'),
        notABucket: (name) => vscode.l10n.t('"{0}" is not a bucket name', name),
      }),
    refuses: (item) => item.typed === true && !item.bucket,
  });
  if (!picked) return undefined;
  if (picked.bucket && picked.typed) return rememberBucket(d, root, picked.bucket);
  if (picked.bucket) return picked.bucket;
  const typed = await d.ui.ui.showInputBox({
    title,
    prompt: vscode.l10n.t('Bucket name (remembered for this chain in this workspace)'),
    placeHolder: 'my-bucket',
    ignoreFocusOut: true,
    validateInput: (v) => validateBucketName(v.trim()),
  });
  const bucket = typed?.trim();
  if (!bucket || validateBucketName(bucket)) return undefined;
  return rememberBucket(d, root, bucket);
}

/** A bucket typed by name is remembered for the chain, as Add Bucket by Name… does. */
async function rememberBucket(d: S3CommandDeps, root: RootRef, bucket: string): Promise<string> {
  await d.memory.addBucket(root.chainName, bucket);
  d.tree.refresh(root);
  return bucket;
}

/** A key prefix in the bucket; the last one used for that bucket is offered first. */
export async function pickPrefix(d: S3CommandDeps, bucket: string, title: string): Promise<string | undefined> {
  const typed = await d.ui.ui.showInputBox({
    title,
    prompt: vscode.l10n.t('Folder (key prefix) in {0}: empty for the top level, "/" separates folders', s3Uri(bucket)),
    value: d.memory.lastPrefix(bucket) ?? '',
    placeHolder: 'reports/2025/',
    ignoreFocusOut: true,
    validateInput: validatePrefix,
  });
  return typed === undefined ? undefined : normalizePrefix(typed);
}

export function validatePrefix(value: string): string | undefined {
  // The extension never makes a key that a download would have to refuse.
  if (value.split('/').some((s) => s === '.' || s === '..')) return vscode.l10n.t('A folder cannot be named "." or "..".');
  const prefix = normalizePrefix(value);
  return prefix === '' ? undefined : validateObjectKey(prefix);
}

/** Session, bucket and prefix for the Explorer's Upload to S3…. */
export async function pickDestination(d: S3CommandDeps): Promise<ContainerRef | undefined> {
  const title = vscode.l10n.t('Upload to S3');
  const root = await pickRoot(d, title);
  if (!root) return undefined;
  const bucket = await pickBucket(d, root, title);
  if (!bucket) return undefined;
  const prefix = await pickPrefix(d, bucket, title);
  if (prefix === undefined) return undefined;
  return { chainName: root.chainName, stepIndex: root.stepIndex, bucket, prefix };
}

/** The first workspace folder (where a person most likely wants files), else the home folder. */
export function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}
