import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import { asRootRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Browse S3 as This Step (step rows of the Chains view): that step's session becomes a root of the S3 view. */
export function registerBrowseAsStep(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.browseAsStep', async (arg?: unknown) => {
    const ref = asRootRef(arg);
    if (!ref) return;
    await d.sessions.open(ref); // offers a re-run when the session is gone
    const root = d.tree.browse(ref);
    if (!root) return;
    await vscode.commands.executeCommand('roleChains.s3.focus');
    await d.view.reveal(root, { select: true, focus: true, expand: true });
  });
}
