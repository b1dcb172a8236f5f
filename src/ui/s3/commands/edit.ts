import * as vscode from 'vscode';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { editableUri } from '../editableObjects';
import { asObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { offerDownload, refusedKey } from './open';

/**
 * Edit: a text object in a writable editor whose saves are conditional on the version read (see ../editableObjects).
 * Binary or large objects get the Download… offer, as with Open. Returns the editor's URI (for tests), or undefined.
 */
export function registerEdit(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.edit', async (arg?: unknown) => {
    const ref = asObjectRef(arg);
    if (!ref || refusedKey(d, ref)) return undefined;
    const uri = editableUri(ref);
    // Already being edited with unsaved text: show it; reading the object again would replace that text.
    const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (open?.isDirty) {
      await vscode.window.showTextDocument(open, { preview: false });
      return uri.toString();
    }
    const handle = await d.sessions.open(ref);
    const where = s3Uri(ref.bucket, ref.key);
    const read = await d.ui.ui.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}', where) }, () =>
      handle.aws.getObjectText(handle.client, { bucket: ref.bucket, key: ref.key }),
    );
    if (read.kind !== 'text') {
      offerDownload(d, ref, read);
      return undefined;
    }
    if (!(await d.editable.prepare(handle, ref, 'edit'))) return undefined;
    d.editable.remember(uri, read);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    return uri.toString();
  });
}
