import * as vscode from 'vscode';
import type { Log } from '../log';
import { reportFailure } from '../registerCommand';
import type { S3Node } from './nodes';
import type { ContainerRef } from './refs';
import type { Uploader } from './uploader';

/**
 * Files and folders dropped on a bucket or folder row (from the Explorer or the OS) go through the same upload path
 * as the commands. Dropping on an object uploads beside it; on a session row there is no bucket to go to.
 */
export class S3DragAndDrop implements vscode.TreeDragAndDropController<S3Node> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: readonly string[] = [];

  constructor(
    private readonly uploader: Uploader,
    private readonly log: Log,
  ) {}

  async handleDrop(target: S3Node | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const to = dropTarget(target);
    if (!to) {
      vscode.window.setStatusBarMessage('$(info) Drop files on a bucket or folder of the S3 view to upload them', 5000);
      return;
    }
    const { uris, withoutPath } = await droppedUris(dataTransfer);
    if (withoutPath > 0) this.log.warn(`Drop on ${to.bucket}/${to.prefix}: ${withoutPath} dropped file(s) have no path on this machine and were left out`);
    if (token.isCancellationRequested || uris.length === 0) return;
    try {
      await this.uploader.uploadToS3(to, uris);
    } catch (error) {
      reportFailure(this.log, 'roleChains.s3.drop', error);
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

/** `text/uri-list` lines (comments skipped) and dropped files that carry a URI, without duplicates. */
export async function droppedUris(dataTransfer: vscode.DataTransfer): Promise<{ uris: vscode.Uri[]; withoutPath: number }> {
  const found = new Map<string, vscode.Uri>();
  const list = dataTransfer.get('text/uri-list');
  if (list) {
    for (const line of (await list.asString()).split(/\r?\n/)) {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      try {
        const uri = vscode.Uri.parse(text, true);
        found.set(uri.toString(), uri);
      } catch {
        // Not a URI: ignore the line, as the uri-list format asks.
      }
    }
  }
  let withoutPath = 0;
  dataTransfer.forEach((item) => {
    const file = item.asFile();
    if (!file) return;
    if (file.uri) found.set(file.uri.toString(), file.uri);
    else withoutPath++;
  });
  return { uris: [...found.values()], withoutPath };
}
