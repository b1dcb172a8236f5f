import { registerCommand } from '../../shared/registerCommand';
import { asBucketRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Remove Bucket from View: forgets a bucket added by name (nothing in S3 changes). */
export function registerRemoveBucket(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.removeBucket', async (arg?: unknown) => {
    const ref = asBucketRef(arg);
    if (!ref) return;
    if (await d.memory.removeBucket(ref.chainName, ref.bucket)) d.tree.refreshChain(ref.chainName);
  });
}
