import { registerCommand } from '../../shared/registerCommand';
import { asContainerRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Load more… (the row after a truncated page): lists the next page of that bucket or folder. */
export function registerLoadMore(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.loadMore', async (arg?: unknown) => {
    const ref = asContainerRef(arg);
    if (ref) await d.tree.loadMore(ref);
  });
}
