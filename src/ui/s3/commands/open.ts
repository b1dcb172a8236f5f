import * as path from 'node:path';
import * as vscode from 'vscode';
import { localPathFor, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes } from '../format';
import { objectUri } from '../objectFileSystem';
import { asObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';

const DOWNLOAD = 'Download…';

/** Open: a text object in a read-only editor; a binary or large one offers Download… instead. */
export function registerOpen(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.open', async (arg?: unknown) => {
    const ref = asObjectRef(arg);
    if (!ref) return;
    const where = s3Uri(ref.bucket, ref.key);
    // The editor's path is /bucket/key: the editor resolves '..' in it and would show another object under this
    // name, so the key is mapped like a download's.
    const mapped = localPathFor(`/${ref.bucket}`, '', ref.key, path.posix);
    if ('problem' in mapped) {
      void d.ui.ui.notify('warning', `Cannot open ${where}: ${mapped.problem}`);
      return;
    }
    const handle = await d.sessions.open(ref);
    const read = await d.ui.ui.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${where}` }, () =>
      handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key }),
    );
    if (read.kind !== 'text') {
      const why = read.kind === 'binary' ? 'not text' : `larger than ${formatBytes(read.maxBytes)}`;
      void d.ui.ui.notify('info', `${where} is ${why} (${formatBytes(read.size)}): download it to open it.`, DOWNLOAD).then((c) => {
        if (c === DOWNLOAD) void vscode.commands.executeCommand('roleChains.s3.download', ref);
      });
      return;
    }
    const uri = objectUri(ref);
    d.documents.remember(uri, read.text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  });
}
