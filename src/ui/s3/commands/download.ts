import * as os from 'node:os';
import * as vscode from 'vscode';
import { RoleChainError } from '../../../core/errors';
import { folderTarget, localPathFor, parentPrefix, s3Uri } from '../../../core/s3Keys';
import { registerCommand } from '../../shared/registerCommand';
import { count, formatBytes, plural } from '../format';
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

/** "1 file", "12 files": each form its own message, for languages with other plural rules. */
function files(n: number): string {
  return n === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', count(n));
}

function localPath(uri: vscode.Uri | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new RoleChainError('validation', vscode.l10n.t('Choose a place on this machine to download to (not {0}).', uri.toString()));
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
  if ('problem' in suggested) return refuse(d, vscode.l10n.t('Cannot download {0}: {1} Nothing was written.', where, suggested.problem));
  const handle = await d.sessions.open(ref);
  const target = localPath(
    await d.ui.ui.showSaveDialog({
      title: vscode.l10n.t('Download {0}', where),
      saveLabel: vscode.l10n.t('Download'),
      defaultUri: vscode.Uri.file(suggested.path),
    }),
  );
  if (!target) return undefined;
  const result = await d.ui.ui.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', where), cancellable: true },
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
            if (total) report((done / total) * 100, vscode.l10n.t('{0} of {1}', formatBytes(done), formatBytes(total)));
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  d.log.info(`Downloaded ${where} to ${result.path} (${result.bytes} bytes)`);
  const open = vscode.l10n.t('Open');
  void d.ui.ui.notify('info', vscode.l10n.t('Downloaded {0} to {1} ({2}).', where, result.path, formatBytes(result.bytes)), open).then((c) => {
    if (c === open) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.path));
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
    title: vscode.l10n.t('Download {0} into…', where),
    openLabel: vscode.l10n.t('Download Here'),
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
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', where), cancellable: true },
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
            report(percent, vscode.l10n.t('{0}/{1} files · {2} of {3}', p.filesDone, p.filesTotal, formatBytes(p.bytesDone), formatBytes(p.bytesTotal)));
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
  const keptCount = result.kept.length;
  const kept = keptCount === 0 ? '' : keptCount === 1 ? vscode.l10n.t(', 1 existing file kept') : vscode.l10n.t(', {0} existing files kept', count(keptCount));
  if (result.cancelled) {
    void d.ui.ui.notify('info', vscode.l10n.t('Download of {0} cancelled after {1}{2}.', where, files(done), kept));
  } else if (problems.length > 0) {
    const more = problems.length > 1 ? vscode.l10n.t(' (and {0} more: see the log)', problems.length - 1) : '';
    const showLog = vscode.l10n.t('Show Log');
    const message = vscode.l10n.t('Downloaded {0} of {1} to {2}{3}; {4} not downloaded. {5}{6}', files(done), where, targetDir, kept, problems.length, problems[0] ?? '', more);
    void d.ui.ui.notify('warning', message, showLog).then((c) => {
      if (c) d.log.show();
    });
  } else {
    d.log.info(`Downloaded ${done} files of ${where} to ${targetDir}${keptCount ? `, ${plural(keptCount, 'existing file')} kept` : ''}`);
    void d.ui.ui.notify('info', vscode.l10n.t('Downloaded {0} of {1} to {2}{3}.', files(done), where, targetDir, kept));
  }
  return result;
}
