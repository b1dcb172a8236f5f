import * as vscode from 'vscode';

/**
 * The read-only object editors' file system until the S3 actions load: registered at activation (an editor restored
 * by a reload asks for its object at once), it loads the real provider (./objectFileSystem, in the S3 actions'
 * bundle) on the first request and passes every call and change on.
 */
export class LazyObjectFiles implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<vscode.FileSystemProvider>) {}

  /** Called once the real provider exists, so the editors hear its changes. */
  follow(real: vscode.FileSystemProvider): void {
    this.forwarding ??= real.onDidChangeFile((events) => this.changed.fire(events));
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return (await this.load()).stat(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.load()).readFile(uri);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return (await this.load()).readDirectory(uri);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await (await this.load()).createDirectory(uri);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    await (await this.load()).writeFile(uri, content, options);
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    await (await this.load()).delete(uri, options);
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    await (await this.load()).rename(oldUri, newUri, options);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
