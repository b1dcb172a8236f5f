import { registerCommand } from '../../shared/registerCommand';
import type { S3CommandDeps } from './deps';
import { uploadFromDialog } from './uploadFromDialog';

/** Upload Folder… on a bucket or folder row: the folder is uploaded recursively with relative keys. */
export function registerUploadFolder(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.uploadFolder', (arg?: unknown) => uploadFromDialog(d, arg, true));
}
