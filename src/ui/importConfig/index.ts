import type { ChainsViews, Services } from '../services';
import { registerImportFromAwsConfig } from './importFromAwsConfig';

/** Import from AWS Config (`roleChains.importConfig.fromAwsConfig`). */
export function registerImportConfig(s: Services, chains: ChainsViews): void {
  registerImportFromAwsConfig({ ...s, ...chains });
}
