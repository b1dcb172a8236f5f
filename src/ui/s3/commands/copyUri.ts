import * as vscode from 'vscode';
import { s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { asContainerRef, asObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Copy S3 URI: `s3://bucket/key` of an object, folder or bucket (no request, no session needed). */
export function registerCopyUri(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.copyUri', async (arg?: unknown) => {
    const object = asObjectRef(arg);
    const container = object ? undefined : asContainerRef(arg);
    const uri = object ? s3Uri(object.bucket, object.key) : container ? s3Uri(container.bucket, container.prefix) : undefined;
    if (!uri) return;
    await vscode.env.clipboard.writeText(uri);
    vscode.window.setStatusBarMessage(`$(copy) ${vscode.l10n.t('Copied {0}', uri)}`, 3000);
  });
}
