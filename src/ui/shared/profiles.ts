import { listProfiles, listSsoSessions, type ProfileInfo, type SsoSessionInfo } from '../../core/awsProfiles';
import type { FeatureDeps } from '../services';

/** What the shared AWS files offer a chain as its base: profiles, and the config file's sso-session sections. */
export interface ProfileChoices {
  profiles: ProfileInfo[];
  ssoSessions: SsoSessionInfo[];
}

/**
 * The profiles and sso-sessions of the shared AWS files, read with the SDK's own loader (the wizard's base pages, the
 * policy generator). The files are optional: when they cannot be read the wizard still offers the default
 * credentials, a typed profile name and a typed start URL.
 */
export async function loadProfileChoices(d: Pick<FeatureDeps, 'loadAws' | 'log'>): Promise<ProfileChoices | undefined> {
  try {
    const aws = await d.loadAws();
    const loaded = await aws.loadAwsConfigFiles();
    return { profiles: listProfiles(loaded.files), ssoSessions: listSsoSessions(loaded.files) };
  } catch (error) {
    d.log.warn(`Could not read the AWS config files for the profile list: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The profiles alone (see loadProfileChoices). */
export async function loadProfiles(d: Pick<FeatureDeps, 'loadAws' | 'log'>): Promise<ProfileInfo[] | undefined> {
  return (await loadProfileChoices(d))?.profiles;
}
