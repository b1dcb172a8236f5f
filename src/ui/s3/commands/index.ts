import { registerAddBucket } from './addBucket';
import { registerBrowseAsStep } from './browseAsStep';
import { registerCleanUpIncompleteUploads } from './cleanUpIncompleteUploads';
import { registerCloseRoot } from './closeRoot';
import { registerCopyPresignedUrl } from './copyPresignedUrl';
import { registerCopyUri } from './copyUri';
import { registerCreateFolder } from './createFolder';
import { registerDelete } from './delete';
import type { S3CommandDeps } from './deps';
import { registerDownload } from './download';
import { registerEdit } from './edit';
import { registerFilter } from './filter';
import { registerLoadMore } from './loadMore';
import { registerOpen } from './open';
import { registerRefresh } from './refresh';
import { registerRemoveBucket } from './removeBucket';
import { registerResumeUploads } from './resumeUploads';
import { registerUploadFiles } from './uploadFiles';
import { registerUploadFolder } from './uploadFolder';
import { registerUploadToS3 } from './uploadToS3';

export type { S3CommandDeps } from './deps';

/** The S3 feature's commands; ids and titles are declared in package.json. */
export function registerS3Commands(d: S3CommandDeps): void {
  registerRefresh(d);
  registerBrowseAsStep(d);
  registerCloseRoot(d);
  registerAddBucket(d);
  registerRemoveBucket(d);
  registerFilter(d);
  registerLoadMore(d);
  registerUploadToS3(d);
  registerUploadFiles(d);
  registerUploadFolder(d);
  registerDownload(d);
  registerDelete(d);
  registerCreateFolder(d);
  registerCopyUri(d);
  registerCopyPresignedUrl(d);
  registerOpen(d);
  registerEdit(d);
  registerResumeUploads(d);
  registerCleanUpIncompleteUploads(d);
}
