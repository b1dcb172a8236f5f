import type { Services } from '../services';
import { registerShowLog } from './showLog';

/** Show Log (`roleChains.log.show`). The log itself is built in extension.ts and shared. */
export function registerLog(s: Services): void {
  registerShowLog(s.context, s.log);
}
