import * as vscode from 'vscode';
import { s3Uri } from '../../../core/s3Keys';
import { asContainerRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { defaultFolder } from './pick';

/** Upload Files… / Upload Folder… on a bucket or folder row: an open dialog, then the one upload path. */
export async function uploadFromDialog(d: S3CommandDeps, arg: unknown, folders: boolean): Promise<void> {
  const target = asContainerRef(arg);
  if (!target) return;
  const picked = await d.ui.ui.showOpenDialog({
    title: folders ? vscode.l10n.t('Upload Folder to {0}', s3Uri(target.bucket, target.prefix)) : vscode.l10n.t('Upload Files to {0}', s3Uri(target.bucket, target.prefix)),
    openLabel: vscode.l10n.t('Upload'),
    canSelectFiles: !folders,
    canSelectFolders: folders,
    canSelectMany: true,
    ...(defaultFolder() ? { defaultUri: defaultFolder() } : {}),
  });
  if (!picked || picked.length === 0) return;
  await d.uploader.uploadToS3(target, picked);
}
