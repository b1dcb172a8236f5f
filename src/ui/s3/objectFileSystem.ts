import * as vscode from 'vscode';
import { s3Uri } from '../../core/s3Keys';
import type { ObjectRef } from './refs';
import type { S3Sessions } from './s3Sessions';

/** Read-only editors for S3 objects: `role-chains-s3:/bucket/key?chain=…&step=…` (chain names are not secret). */
export const S3_SCHEME = 'role-chains-s3';

export function objectUri(ref: ObjectRef): vscode.Uri {
  const query = new URLSearchParams({ chain: ref.chainName, step: String(ref.stepIndex) }).toString();
  return vscode.Uri.from({ scheme: S3_SCHEME, path: `/${ref.bucket}/${ref.key}`, query });
}

export function parseObjectUri(uri: vscode.Uri): ObjectRef | undefined {
  if (uri.scheme !== S3_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const chainName = params.get('chain');
  const stepIndex = Number(params.get('step'));
  const path = uri.path.slice(1);
  const slash = path.indexOf('/');
  if (!chainName || !Number.isInteger(stepIndex) || stepIndex < 0 || slash <= 0 || slash === path.length - 1) return undefined;
  return { chainName, stepIndex, bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

const readOnly = (): string => vscode.l10n.t('S3 objects open read-only: download the object to change it.');

/**
 * The objects behind the read-only editors, registered with `isReadonly: true` so VS Code offers no saving or
 * editing. The Open command reads the object (offering Download for binary or large ones) and hands the text over;
 * an editor reopened later (e.g. after a reload) reads it again here with the step's live session, or explains why not.
 */
export class ObjectFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly contents = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly sessions: S3Sessions) {
    this.subscriptions = [this.changed, vscode.workspace.onDidCloseTextDocument((doc) => this.contents.delete(doc.uri.toString()))];
  }

  /** The text to show for `uri`; an editor already showing it is updated. */
  remember(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    const had = this.contents.has(key);
    this.contents.set(key, { data: Buffer.from(text, 'utf8'), mtime: Date.now() });
    if (had) this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { data, mtime } = await this.load(uri);
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: data.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.load(uri)).data;
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions(readOnly());
  }

  writeFile(): never {
    throw vscode.FileSystemError.NoPermissions(readOnly());
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions(readOnly());
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions(readOnly());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.contents.clear();
  }

  private async load(uri: vscode.Uri): Promise<{ data: Uint8Array; mtime: number }> {
    const cached = this.contents.get(uri.toString());
    if (cached) return cached;
    const ref = parseObjectUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const where = s3Uri(ref.bucket, ref.key);
    const handle = await this.sessions.peek(ref);
    if (!handle) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not signed in to {0}: run the chain again, then open {1} from the S3 view.', ref.chainName, where));
    const read = await handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key });
    if (read.kind !== 'text') throw vscode.FileSystemError.Unavailable(vscode.l10n.t('{0} is not shown as text ({1}): use Download… in the S3 view.', where, read.kind));
    const entry = { data: Buffer.from(read.text, 'utf8'), mtime: Date.now() };
    this.contents.set(uri.toString(), entry);
    return entry;
  }
}
