import { registerCommand } from '../../shared/registerCommand';
import { asRootRef } from '../refs';
import type { S3CommandDeps } from './deps';

/** Close: removes a step's root opened with Browse S3 as This Step (the chain's final step stays while signed in). */
export function registerCloseRoot(d: S3CommandDeps): void {
  registerCommand(d.context, d.log, 'roleChains.s3.closeRoot', (arg?: unknown) => {
    const ref = asRootRef(arg);
    if (ref) d.tree.close(ref);
  });
}
