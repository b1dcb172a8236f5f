import * as vscode from 'vscode';
import type { ObjectText } from '../../core/aws';
import { isCancelled } from '../../core/errors';
import { s3Uri } from '../../core/s3Keys';
import type { Log } from '../log/log';
import { objectUri, parseObjectUri, S3_SCHEME, type ObjectFileSystem } from './objectFileSystem';
import type { ObjectRef } from './refs';
import type { S3Handle, S3Sessions } from './s3Sessions';
import type { S3UiHolder } from './s3Ui';

/** Writable editors for S3 objects (Edit): `role-chains-s3-edit:/bucket/key?chain=…&step=…`. */
export const S3_EDIT_SCHEME = 'role-chains-s3-edit';

export function editableUri(ref: ObjectRef): vscode.Uri {
  return objectUri(ref).with({ scheme: S3_EDIT_SCHEME });
}

export function parseEditableUri(uri: vscode.Uri): ObjectRef | undefined {
  return uri.scheme === S3_EDIT_SCHEME ? parseObjectUri(uri.with({ scheme: S3_SCHEME })) : undefined;
}

/** What was read: the text, and the version (ETag) the next save is conditional on. */
interface Entry {
  data: Uint8Array;
  mtime: number;
  etag?: string;
  contentType?: string;
}

/** Per S3 endpoint and bucket: whether saves can be conditional, and whether the person agreed when they cannot. */
type Support = { kind: 'conditional' } | { kind: 'unconditional'; agreed: boolean };

export interface EditableObjectsDeps {
  sessions: S3Sessions;
  ui: S3UiHolder;
  log: Log;
  /** The read-only editors' contents: Compare shows the object as it is now through them. */
  documents: ObjectFileSystem;
  /** The S3-compatible endpoint in use (roleChains.endpoints.s3); undefined for AWS, which has conditional writes. */
  s3Endpoint: () => string | undefined;
}

/**
 * The objects behind the Edit editors. A save is a PutObject with If-Match on the ETag that was read (and the
 * chain's SSE), so someone else's change made meanwhile is never overwritten silently: the person gets Compare,
 * Overwrite or Cancel, and whatever they choose their text stays in the editor until it is written. Stores that
 * ignore conditional writes are found by a probe (see core/aws/s3/conditionalPut.ts) and the person is told before
 * editing (or before the first save of an editor restored by a reload) that saves will be unconditional.
 */
export class EditableObjects implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  private readonly support = new Map<string, Support>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly d: EditableObjectsDeps) {
    this.subscriptions = [this.changed, vscode.workspace.onDidCloseTextDocument((doc) => this.entries.delete(doc.uri.toString()))];
  }

  /** The text read for `uri` and its ETag; an editor already showing it is updated. */
  remember(uri: vscode.Uri, read: Extract<ObjectText, { kind: 'text' }>): void {
    const key = uri.toString();
    const had = this.entries.has(key);
    this.entries.set(key, this.entryOf(read, had ? (this.entries.get(key)?.mtime ?? 0) : 0));
    if (had) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /**
   * May this object be edited with conditional saves? On an S3-compatible endpoint the first edit in a bucket
   * probes it; when it ignores conditional writes the person is asked to go on (`action` names the button) knowing
   * that saves will overwrite without checking. False when they decline.
   */
  async prepare(handle: S3Handle, ref: ObjectRef, action: 'edit' | 'save'): Promise<boolean> {
    const support = await this.supportFor(handle, ref);
    if (support.kind === 'conditional' || support.agreed) return true;
    const where = s3Uri(ref.bucket, ref.key);
    const button = action === 'edit' ? vscode.l10n.t('Edit Anyway') : vscode.l10n.t('Save Anyway');
    const agreed = await this.d.ui.ui.confirm(
      vscode.l10n.t('The S3 endpoint ignores conditional writes: saving {0} will overwrite it without checking for changes made meanwhile.', where),
      vscode.l10n.t('{0} does not honour If-Match on PutObject, so a change someone else makes while you edit would be lost when you save.', this.d.s3Endpoint() ?? 'S3'),
      button,
    );
    if (agreed) support.agreed = true;
    return agreed;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { data, mtime } = await this.load(uri);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: data.byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.load(uri)).data;
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Folders cannot be created here: use Create Folder… in the S3 view.'));
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects are deleted from the S3 view.'));
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Objects cannot be renamed from the editor.'));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = parseEditableUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const entry = this.entries.get(uri.toString()) ?? (await this.load(uri));
    const where = s3Uri(ref.bucket, ref.key);
    try {
      const handle = await this.d.sessions.open(ref);
      if (!(await this.prepare(handle, ref, 'save'))) throw new NotSaved(vscode.l10n.t('{0} was not saved; your text is still in the editor.', where));
      const conditional = (await this.supportFor(handle, ref)).kind === 'conditional';
      let ifMatch = conditional ? entry.etag : undefined;
      if (conditional && ifMatch === undefined) this.d.log.warn(`${where}: S3 sent no ETag when it was read; this save cannot check for changes.`);
      for (;;) {
        const result = await handle.aws.putObjectIfUnchanged(handle.client, {
          bucket: ref.bucket,
          key: ref.key,
          body: content,
          sse: handle.sse,
          ...(ifMatch !== undefined ? { ifMatch } : {}),
          ...(entry.contentType ? { contentType: entry.contentType } : {}),
          chainName: ref.chainName,
        });
        if (result.kind === 'saved') {
          const etag = result.etag ?? (await handle.aws.statObject(handle.client, ref.bucket, ref.key))?.etag;
          this.entries.set(uri.toString(), { ...entry, data: content, mtime: Math.max(Date.now(), entry.mtime + 1), ...(etag ? { etag } : {}) });
          this.d.log.info(`Saved ${where} (${content.byteLength} bytes${ifMatch !== undefined ? ', If-Match' : ', unconditional'}).`);
          return;
        }
        this.d.log.info(`Save of ${where} refused: the object was ${result.reason} in S3 since it was read.`);
        const choice = await this.d.ui.ui.askEditConflict(where, result.reason);
        if (choice === 'overwrite') {
          ifMatch = undefined;
          continue;
        }
        if (choice === 'compare') await this.compare(handle, ref, uri);
        throw new NotSaved(vscode.l10n.t('{0} was changed in S3 after you opened it and was not saved; your text is still in the editor.', where));
      }
    } catch (e) {
      if (e instanceof NotSaved) throw vscode.FileSystemError.Unavailable(e.message);
      if (isCancelled(e)) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} was not saved; your text is still in the editor.', where));
      this.d.log.error(`Could not save ${where}`, e);
      throw vscode.FileSystemError.Unavailable(e instanceof Error ? e.message : String(e));
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
  }

  /** The object as it is in S3 now (read-only, left) beside the editor's text (right). */
  private async compare(handle: S3Handle, ref: ObjectRef, uri: vscode.Uri): Promise<void> {
    const where = s3Uri(ref.bucket, ref.key);
    const now = await handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key });
    if (now.kind !== 'text') {
      void this.d.ui.ui.notify('info', vscode.l10n.t('{0} in S3 is no longer shown as text ({1}): download it to compare.', where, now.kind));
      return;
    }
    const left = objectUri(ref);
    this.d.documents.remember(left, now.text);
    const name = ref.key.slice(ref.key.lastIndexOf('/') + 1);
    await vscode.commands.executeCommand('vscode.diff', left, uri, vscode.l10n.t('{0} (in S3 now) ↔ yours', name));
  }

  private async supportFor(handle: S3Handle, ref: ObjectRef): Promise<Support> {
    const endpoint = this.d.s3Endpoint();
    if (endpoint === undefined) return { kind: 'conditional' };
    const key = `${endpoint}\0${ref.bucket}`;
    const known = this.support.get(key);
    if (known) return known;
    const probe = await handle.aws.probeConditionalWrites(handle.client, { bucket: ref.bucket, key: ref.key, sse: handle.sse, chainName: ref.chainName });
    let support: Support;
    switch (probe.kind) {
      case 'supported':
        support = { kind: 'conditional' };
        break;
      case 'unknown':
        // Saves still carry If-Match; a store that honours it refuses stale ones, one that does not cannot be told.
        this.d.log.warn(`Could not check whether ${endpoint} honours conditional writes in ${ref.bucket}: ${probe.reason}`);
        support = { kind: 'conditional' };
        break;
      default:
        this.d.log.warn(`${endpoint} ${probe.how} If-Match on PutObject in ${ref.bucket}: saves there are unconditional.`);
        if (probe.leftBehind) {
          this.d.log.warn(probe.leftBehind.reason);
          void this.d.ui.ui.notify('warning', vscode.l10n.t('The empty test object {0} could not be deleted: {1}', s3Uri(ref.bucket, probe.leftBehind.key), probe.leftBehind.reason));
        }
        support = { kind: 'unconditional', agreed: false };
    }
    this.support.set(key, support);
    return support;
  }

  private entryOf(read: Extract<ObjectText, { kind: 'text' }>, previousMtime: number): Entry {
    return {
      data: Buffer.from(read.text, 'utf8'),
      mtime: Math.max(Date.now(), previousMtime + 1),
      ...(read.etag ? { etag: read.etag } : {}),
      ...(read.contentType ? { contentType: read.contentType } : {}),
    };
  }

  /** An editor restored by a reload reads its object again with the step's live session, or explains why not. */
  private async load(uri: vscode.Uri): Promise<Entry> {
    const cached = this.entries.get(uri.toString());
    if (cached) return cached;
    const ref = parseEditableUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const where = s3Uri(ref.bucket, ref.key);
    const handle = await this.d.sessions.peek(ref);
    if (!handle) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not signed in to {0}: run the chain again, then open {1} from the S3 view.', ref.chainName, where));
    const read = await handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key });
    if (read.kind !== 'text') throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} is not shown as text ({1}): use Download… in the S3 view.', where, read.kind));
    const entry = this.entryOf(read, 0);
    this.entries.set(uri.toString(), entry);
    return entry;
  }
}

/** A save the person chose not to make (Cancel, Compare, or declining an unconditional save). */
class NotSaved extends Error {}
