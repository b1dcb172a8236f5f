import { listProfiles, type ProfileInfo } from '../../core/awsProfiles';
import type { FeatureDeps } from '../services';

/**
 * The profiles of the shared AWS files, read with the SDK's own loader (the wizard's base page, the policy generator). The files are
 * optional: when they cannot be read the wizard still offers the default credentials and a typed profile name.
 */
export async function loadProfiles(d: Pick<FeatureDeps, 'loadAws' | 'log'>): Promise<ProfileInfo[] | undefined> {
  try {
    const aws = await d.loadAws();
    const loaded = await aws.loadAwsConfigFiles();
    return listProfiles(loaded.files);
  } catch (error) {
    d.log.warn(`Could not read the AWS config files for the profile list: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
