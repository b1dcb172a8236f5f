import type * as vscode from 'vscode';
import type { S3Node } from './nodes';

/**
 * The S3 view's drag-and-drop controller until the first drop: the view needs the accepted types when it is created,
 * while the drop handling (and the upload path behind it) loads with the S3 actions.
 */
export class LazyDrop implements vscode.TreeDragAndDropController<S3Node> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: readonly string[] = [];

  constructor(private readonly load: () => Promise<Pick<vscode.TreeDragAndDropController<S3Node>, 'handleDrop'>>) {}

  async handleDrop(target: S3Node | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    await (await this.load()).handleDrop?.(target, dataTransfer, token);
  }
}
