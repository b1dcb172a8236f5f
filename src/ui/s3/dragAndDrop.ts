import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { localPathFor } from '../../core/s3Keys';
import type { Log } from '../log/log';
import { reportFailure } from '../shared/registerCommand';
import type { S3Node } from './nodes';
import type { ContainerRef } from './refs';
import type { S3UiHolder } from './s3Ui';
import type { Uploads } from './uploader';

/**
 * Files and folders dropped on a bucket or folder row (from the Explorer or the OS) go through the same upload path
 * as the commands. Dropping on an object uploads beside it; on a session row there is no bucket to go to.
 * Errors are reported like a command's (a drop has no command of its own to carry the error boundary).
 */
export class S3DragAndDrop implements vscode.TreeDragAndDropController<S3Node> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: readonly string[] = [];

  constructor(
    private readonly uploader: Uploads,
    private readonly log: Log,
    private readonly ui: S3UiHolder,
  ) {}

  async handleDrop(target: S3Node | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const to = dropTarget(target);
    if (!to) {
      vscode.window.setStatusBarMessage(`$(info) ${vscode.l10n.t('Drop files on a bucket or folder of the S3 view to upload them')}`, 5000);
      return;
    }
    let staged: StagedFiles | undefined;
    try {
      const { uris, withoutPath, outside } = await droppedUris(dataTransfer);
      if (outside.length > 0) {
        const names = outside.map((u) => u.fsPath);
        this.log.warn(`Drop: not uploaded, named by a link list from outside the workspace: ${names.join(', ')}`);
        void this.ui.ui.notify(
          'warning',
          names.length === 1
            ? vscode.l10n.t('Not uploaded: {0} came as a link from outside the workspace, as a web page can send. Drag files from the Explorer or your file manager.', names[0] ?? '')
            : vscode.l10n.t('Not uploaded: {0} files came as a link from outside the workspace, as a web page can send. Drag files from the Explorer or your file manager.', names.length),
        );
      }
      // Files dropped from the computer into a browser-hosted editor arrive as data without a path the extension
      // host can read: they are staged in a private temporary folder for the upload and removed afterwards.
      if (withoutPath.length > 0) {
        staged = await stageFiles(withoutPath);
        uris.push(...staged.uris);
      }
      if (token.isCancellationRequested || uris.length === 0) return;
      await this.uploader.uploadToS3(to, uris);
    } catch (error) {
      reportFailure(this.log, 'roleChains.s3.drop', error);
    } finally {
      await staged?.dispose();
    }
  }
}

function dropTarget(node: S3Node | undefined): ContainerRef | undefined {
  switch (node?.kind) {
    case 'bucket':
    case 'prefix':
    case 'loadMore':
      return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, prefix: node.prefix };
    case 'object':
      return { chainName: node.chainName, stepIndex: node.stepIndex, bucket: node.bucket, prefix: node.parent.prefix };
    default:
      return undefined;
  }
}

/**
 * What a drop carries: dropped files that have a path (the Explorer, or a file manager in desktop VS Code), and
 * `text/uri-list` lines (comments skipped) for files inside a workspace folder, without duplicates; files without a
 * path apart. A `text/uri-list` is plain text any web page can put in a drag, so its `file:` lines outside the
 * workspace are refused (`outside`) rather than read: a page could otherwise name ~/.aws/credentials.
 */
export async function droppedUris(
  dataTransfer: vscode.DataTransfer,
  inWorkspace: (uri: vscode.Uri) => boolean = (uri) => vscode.workspace.getWorkspaceFolder(uri) !== undefined,
): Promise<{ uris: vscode.Uri[]; withoutPath: vscode.DataTransferFile[]; outside: vscode.Uri[] }> {
  const found = new Map<string, vscode.Uri>();
  const withoutPath: vscode.DataTransferFile[] = [];
  dataTransfer.forEach((item) => {
    const file = item.asFile();
    if (!file) return;
    if (file.uri) found.set(file.uri.toString(), file.uri);
    else withoutPath.push(file);
  });
  const outside: vscode.Uri[] = [];
  const list = dataTransfer.get('text/uri-list');
  if (list) {
    for (const line of (await list.asString()).split(/\r?\n/)) {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(text, true);
      } catch {
        continue; // Not a URI: ignore the line, as the uri-list format asks.
      }
      if (found.has(uri.toString())) continue;
      if (uri.scheme === 'file' && !inWorkspace(uri)) outside.push(uri);
      else found.set(uri.toString(), uri);
    }
  }
  return { uris: [...found.values()], withoutPath, outside };
}

interface StagedFiles {
  uris: vscode.Uri[];
  dispose(): Promise<void>;
}

/**
 * Writes dropped file contents to a private temporary folder (one sub-folder each, so equal names never collide).
 * A dropped name is the browser's to choose: it becomes a path through the same mapping as a download ('..' or
 * 'CON' are refused, and such a file is staged as dropped-N), and its key comes from that staged name.
 */
async function stageFiles(files: readonly vscode.DataTransferFile[]): Promise<StagedFiles> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'role-chains-drop-'));
  const dispose = () => fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  try {
    const uris: vscode.Uri[] = [];
    for (const [i, file] of files.entries()) {
      const slot = path.join(dir, String(i));
      const named = localPathFor(slot, '', path.posix.basename(file.name.replace(/\\/g, '/')));
      const target = 'path' in named && named.segments.length === 1 ? named.path : path.join(slot, `dropped-${i + 1}`);
      await fsp.mkdir(slot, { mode: 0o700 });
      await fsp.writeFile(target, await file.data(), { mode: 0o600 });
      uris.push(vscode.Uri.file(target));
    }
    return { uris, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
