import { registerCommand } from '../../shared/registerCommand';
import { asContainerRef, asRootRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Refresh: a session row, bucket or folder is listed again; from the view's title bar, everything. */
export function registerRefresh(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.refresh', (arg?: unknown) => {
    d.tree.refresh(asContainerRef(arg) ?? asRootRef(arg));
  });
}
