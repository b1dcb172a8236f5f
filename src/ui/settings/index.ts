import type { Services } from '../services';
import { registerOpenSettings } from './openSettings';

/** Open Settings (`roleChains.settings.open`). The Settings gate itself is built in extension.ts and shared. */
export function registerSettings(s: Services): void {
  registerOpenSettings(s.context, s.log);
}
