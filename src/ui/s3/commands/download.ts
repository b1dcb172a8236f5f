import * as os from 'node:os';
import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { folderTarget, localPathFor, parentPrefix, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { formatBytes, plural } from '../format';
import { abortOnCancel, percentReporter } from '../progress';
import { asContainerRef, asObjectRef, type ContainerRef, type ObjectRef } from '../refs';
import type { S3CommandDeps } from './deps';
import { defaultFolder } from './pick';

/**
 * Download…: an object to a file (save dialog), a folder or bucket into a local folder (recursive). Every local path
 * comes from `localPathFor`; a key it refuses is named in a message and nothing is written for it.
 */
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

/** Says why a key cannot be saved, as the person sees it; nothing has been written. */
function refuse(d: S3CommandDeps, message: string): { refused: string } {
  d.log.warn(`Download: ${message}`);
  void d.ui.ui.notify('warning', message);
  return { refused: message };
}

async function downloadObject(d: S3CommandDeps, ref: ObjectRef): Promise<unknown> {
  const where = s3Uri(ref.bucket, ref.key);
  const base = defaultFolder();
  // The suggested name is the key's last segment, mapped like any download (a name '..' would suggest the parent).
  const suggested = localPathFor(base?.fsPath ?? os.homedir(), parentPrefix(ref.key), ref.key);
  if ('problem' in suggested) return refuse(d, `Cannot download ${where}: ${suggested.problem} Nothing was written.`);
  const handle = await d.sessions.open(ref);
  const target = localPath(
    await d.ui.ui.showSaveDialog({
      title: `Download ${where}`,
      saveLabel: 'Download',
      defaultUri: vscode.Uri.file(suggested.path),
    }),
  );
  if (!target) return undefined;
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
          // The save dialog has already asked whether to replace an existing file.
          replaceExisting: () => Promise.resolve(true),
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
  return result;
}

async function downloadFolder(d: S3CommandDeps, ref: ContainerRef): Promise<unknown> {
  const where = s3Uri(ref.bucket, ref.prefix);
  const base = defaultFolder();
  // The folder keeps its name (or the bucket's), as copying a folder in a file manager would: keys are laid out
  // relative to the listed parent, so the folder's own name goes through the same checks as every key under it.
  const layout = ref.prefix ? { relativeTo: parentPrefix(ref.prefix) } : { relativeTo: '', folderName: ref.bucket };
  const check = (into: string) => folderTarget({ bucket: ref.bucket, prefix: ref.prefix, targetDir: into, ...layout });
  const early = check(base?.fsPath ?? os.homedir());
  if ('problem' in early) return refuse(d, early.problem);
  const handle = await d.sessions.open(ref);
  const picked = await d.ui.ui.showOpenDialog({
    title: `Download ${where} into…`,
    openLabel: 'Download Here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(base ? { defaultUri: base } : {}),
  });
  const parent = localPath(picked?.[0]);
  if (!parent) return undefined;
  const target = check(parent);
  if ('problem' in target) return refuse(d, target.problem);
  const targetDir = target.dir;
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
          targetDir: parent,
          ...layout,
          signal: cancel.signal,
          decideOverwrite: (file) => Promise.resolve(d.ui.ui.askOverwrite(file, 'download')),
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
  // Refusals first: they name the hostile keys, the reason a person most needs to see.
  const problems = [...result.skipped.map((s) => s.reason), ...result.failed.map((f) => `${f.key}: ${f.reason}`)];
  for (const p of problems) d.log.warn(`Download: ${p}`);
  const kept = result.kept.length ? `, ${plural(result.kept.length, 'existing file')} kept` : '';
  if (result.cancelled) {
    void d.ui.ui.notify('info', `Download of ${where} cancelled after ${plural(done, 'file')}${kept}.`);
  } else if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: see the log)` : '';
    void d.ui.ui.notify('warning', `Downloaded ${plural(done, 'file')} of ${where} to ${targetDir}${kept}; ${problems.length} not downloaded. ${problems[0]}${more}`, 'Show Log').then((c) => {
      if (c) d.log.show();
    });
  } else {
    d.log.info(`Downloaded ${done} files of ${where} to ${targetDir}${kept}`);
    void d.ui.ui.notify('info', `Downloaded ${plural(done, 'file')} of ${where} to ${targetDir}${kept}.`);
  }
  return result;
}
