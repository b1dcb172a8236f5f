import { registerCommand } from '../../shared/registerCommand';
import type { S3CommandDeps } from './deps';
import { uploadFromDialog } from './uploadFromDialog';

/** Upload Files… on a bucket or folder row. */
export function registerUploadFiles(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.uploadFiles', (arg?: unknown) => uploadFromDialog(d, arg, false));
}
