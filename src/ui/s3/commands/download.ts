import * as path from 'node:path';
import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { displayName, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../registerCommand';
import { formatBytes, plural } from '../format';
import { abortOnCancel, percentReporter } from '../progress';
import { asContainerRef, asObjectRef, type ContainerRef, type ObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { defaultFolder } from './pick';

/** Download…: an object to a file (save dialog), a folder or bucket into a local folder (recursive). */
export function registerDownload(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.download', async (arg?: unknown) => {
    const object = asObjectRef(arg);
    if (object) return downloadObject(d, object);
    const container = asContainerRef(arg);
    if (container) return downloadFolder(d, container);
  });
}

function localPath(uri: vscode.Uri | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new RoleChainError('validation', `Choose a place on this machine to download to (not ${uri.toString()}).`);
  return uri.fsPath;
}

async function downloadObject(d: S3CommandDeps, ref: ObjectRef): Promise<void> {
  const where = s3Uri(ref.bucket, ref.key);
  const handle = await d.sessions.open(ref);
  const base = defaultFolder();
  const target = localPath(
    await d.ui.ui.showSaveDialog({
      title: `Download ${where}`,
      saveLabel: 'Download',
      ...(base ? { defaultUri: vscode.Uri.joinPath(base, displayName(ref.key)) } : {}),
    }),
  );
  if (!target) return;
  const result = await d.ui.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${where}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortOnCancel(token);
      const report = percentReporter(progress, d.clock);
      try {
        return await handle.aws.downloadObject({
          client: handle.client,
          bucket: ref.bucket,
          key: ref.key,
          targetPath: target,
          signal: cancel.signal,
          onBytes: (done, total) => {
            if (total) report((done / total) * 100, `${formatBytes(done)} of ${formatBytes(total)}`);
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  d.log.info(`Downloaded ${where} to ${result.path} (${result.bytes} bytes)`);
  void d.ui.ui.notify('info', `Downloaded ${where} to ${result.path} (${formatBytes(result.bytes)}).`, 'Open').then((c) => {
    if (c === 'Open') void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.path));
  });
}

async function downloadFolder(d: S3CommandDeps, ref: ContainerRef): Promise<void> {
  const where = s3Uri(ref.bucket, ref.prefix);
  const handle = await d.sessions.open(ref);
  const base = defaultFolder();
  const picked = await d.ui.ui.showOpenDialog({
    title: `Download ${where} into…`,
    openLabel: 'Download Here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(base ? { defaultUri: base } : {}),
  });
  const parent = localPath(picked?.[0]);
  if (!parent) return;
  // The folder keeps its name (or the bucket's), as copying a folder in a file manager would.
  const targetDir = path.join(parent, ref.prefix ? displayName(ref.prefix) : ref.bucket);
  const result = await d.ui.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${where}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortOnCancel(token);
      const report = percentReporter(progress, d.clock, 0);
      try {
        return await handle.aws.downloadPrefix({
          client: handle.client,
          bucket: ref.bucket,
          prefix: ref.prefix,
          targetDir,
          signal: cancel.signal,
          clock: d.clock,
          onProgress: (p) => {
            const percent = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : p.filesTotal > 0 ? (p.filesDone / p.filesTotal) * 100 : 100;
            report(percent, `${p.filesDone}/${p.filesTotal} files · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`);
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  const done = result.downloaded.length;
  const problems = [...result.failed.map((f) => `${f.key}: ${f.reason}`), ...result.skipped.map((s) => `${s.key}: ${s.reason}`)];
  for (const p of problems) d.log.warn(`Download: ${p}`);
  if (result.cancelled) {
    void d.ui.ui.notify('info', `Download of ${where} cancelled after ${plural(done, 'file')}.`);
  } else if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: see the log)` : '';
    void d.ui.ui.notify('warning', `Downloaded ${plural(done, 'file')} of ${where} to ${targetDir}; ${problems.length} not downloaded: ${problems[0]}${more}`, 'Show Log').then((c) => {
      if (c) d.log.show();
    });
  } else {
    d.log.info(`Downloaded ${done} files of ${where} to ${targetDir}`);
    void d.ui.ui.notify('info', `Downloaded ${plural(done, 'file')} of ${where} to ${targetDir}.`);
  }
}
