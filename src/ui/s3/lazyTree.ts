import * as vscode from 'vscode';
import type { S3Node } from './nodes';
import type { S3TreeProvider } from './s3Tree';

/**
 * What the S3 view is given at activation: the listing model, the rows and the S3 sessions load from
 * dist/lazy/s3.tree.js the first time the view asks for rows (it does not while collapsed or hidden) or a command
 * needs them. Rows only exist once the real tree has made them, so every call about a row goes straight to it.
 */
export class LazyTree implements vscode.TreeDataProvider<S3Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<S3Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private loading: Promise<S3TreeProvider> | undefined;
  private loaded: S3TreeProvider | undefined;
  private relay: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<S3TreeProvider>) {}

  /** The real tree, loading it on first use. */
  tree(): Promise<S3TreeProvider> {
    return (this.loading ??= this.load().then((tree) => {
      this.loaded = tree;
      this.relay = tree.onDidChangeTreeData((node) => this.changed.fire(node));
      return tree;
    }));
  }

  getTreeItem(node: S3Node): vscode.TreeItem {
    return node;
  }

  getParent(node: S3Node): S3Node | undefined {
    return this.loaded?.getParent(node);
  }

  async getChildren(node?: S3Node): Promise<S3Node[]> {
    return (await this.tree()).getChildren(node);
  }

  dispose(): void {
    this.relay?.dispose();
    this.changed.dispose();
  }
}
