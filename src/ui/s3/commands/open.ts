import * as path from 'node:path';
import * as vscode from 'vscode';
import { localPathFor, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes } from '../format';
import { objectUri } from '../objectFileSystem';
import { asObjectRef, type ObjectRef } from '../refs';
import type { ObjectText } from '../../../core/aws';
import type { S3CommandDeps } from './deps';

/** A binary or large object is not opened as text: say why and offer Download… (Open and Edit alike). */
export function offerDownload(d: Pick<S3CommandDeps, 'ui'>, ref: ObjectRef, read: Exclude<ObjectText, { kind: 'text' }>): void {
  const where = s3Uri(ref.bucket, ref.key);
  const download = vscode.l10n.t('Download…');
  const message =
    read.kind === 'binary'
      ? vscode.l10n.t('{0} is not text ({1}): download it to open it.', where, formatBytes(read.size))
      : vscode.l10n.t('{0} is larger than {1} ({2}): download it to open it.', where, formatBytes(read.maxBytes), formatBytes(read.size));
  void d.ui.ui.notify('info', message, download).then((c) => {
    if (c === download) void vscode.commands.executeCommand('roleChains.s3.download', ref);
  });
}

/** The editor's path is /bucket/key: the editor resolves '..' in it and would show another object under this name,
 * so the key is mapped like a download's; true (after a notice) for a key that cannot be. */
export function refusedKey(d: Pick<S3CommandDeps, 'ui'>, ref: ObjectRef): boolean {
  const mapped = localPathFor(`/${ref.bucket}`, '', ref.key, path.posix);
  if (!('problem' in mapped)) return false;
  void d.ui.ui.notify('warning', vscode.l10n.t('Cannot open {0}: {1}', s3Uri(ref.bucket, ref.key), mapped.problem));
  return true;
}

/** Open: a text object in a read-only editor; a binary or large one offers Download… instead. */
export function registerOpen(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.open', async (arg?: unknown) => {
    const ref = asObjectRef(arg);
    if (!ref) return;
    const where = s3Uri(ref.bucket, ref.key);
    if (refusedKey(d, ref)) return;
    const handle = await d.sessions.open(ref);
    const read = await d.ui.ui.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}', where) }, () =>
      handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key }),
    );
    if (read.kind !== 'text') {
      offerDownload(d, ref, read);
      return;
    }
    const uri = objectUri(ref);
    d.documents.remember(uri, read.text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  });
}
