import * as vscode from 'vscode';
import { registerCommand } from '../../shared/registerCommand';
import type { S3CommandDeps } from './deps';
import { defaultFolder, pickDestination } from './pick';

/**
 * Upload to S3… from the Explorer's context menu: VS Code passes the clicked resource and, with several selected,
 * all of them. From the palette it asks for files first. Then session, bucket and prefix are picked.
 */
export function registerUploadToS3(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.upload', async (uri?: unknown, uris?: unknown) => {
    let sources = urisOf(uris);
    if (sources.length === 0) sources = urisOf([uri]);
    if (sources.length === 0) {
      sources =
        (await d.ui.ui.showOpenDialog({
          title: vscode.l10n.t('Upload to S3'),
          openLabel: vscode.l10n.t('Choose'),
          canSelectFiles: true,
          canSelectFolders: false,
          canSelectMany: true,
          ...(defaultFolder() ? { defaultUri: defaultFolder() } : {}),
        })) ?? [];
    }
    if (sources.length === 0) return;
    const target = await pickDestination(d);
    if (!target) return;
    await d.uploader.uploadToS3(target, sources);
  });
}

function urisOf(value: unknown): vscode.Uri[] {
  return Array.isArray(value) ? value.filter((v): v is vscode.Uri => v instanceof vscode.Uri) : [];
}
