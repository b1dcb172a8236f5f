// Which Identity Center portal, account and permission set start a chain: its `sso` base (a start URL and region, or
// an sso-session of the config file), or a sourceProfile that is an SSO profile. The extension signs in to those
// itself rather than hand them to the SDK, whose SSO provider only reads the CLI's plaintext token cache and fails
// when `aws sso login` was not run.
import type { ChainConfig } from '../chain';
import { RoleChainError } from '../errors';
import { classifyProfile, iniValue, mergeProfiles, type AwsConfigFiles, type IniSection } from '../awsProfiles';

export interface SsoTarget {
  startUrl: string;
  region: string;
  accountId?: string;
  roleName?: string;
  /** How messages name it: the sso-session, the profile or the start URL. */
  label: string;
}

function sessionSection(files: AwsConfigFiles, name: string): IniSection | undefined {
  return files.configFile[`sso-session.${name}`];
}

function fromSession(chain: ChainConfig, files: AwsConfigFiles, name: string, where: string): Pick<SsoTarget, 'startUrl' | 'region'> {
  const section = sessionSection(files, name);
  const startUrl = section && iniValue(section, 'sso_start_url');
  const region = section && iniValue(section, 'sso_region');
  if (!section || !startUrl || !region) {
    const what = section ? 'has no sso_start_url or sso_region' : 'is not in the AWS config file';
    throw new RoleChainError('validation', `Chain "${chain.name}": ${where} names [sso-session ${name}], which ${what}. Add it (\`aws configure sso-session\`) or set sso.startUrl and sso.region in the chain.`, {
      chainName: chain.name,
    });
  }
  return { startUrl, region };
}

/** True when the chain's base is Identity Center and the files must be read to know where (sso.session, SSO profile). */
export function ssoTargetNeedsFiles(chain: ChainConfig): boolean {
  return chain.sso?.session !== undefined || chain.sourceProfile !== undefined;
}

/**
 * The chain's Identity Center target, or undefined when its base is something else. `files` are the shared AWS files
 * (needed for `sso.session` and for a sourceProfile; see ssoTargetNeedsFiles).
 */
export function ssoTarget(chain: ChainConfig, files: AwsConfigFiles | undefined): SsoTarget | undefined {
  const sso = chain.sso;
  if (sso) {
    const { accountId, roleName } = sso;
    if (sso.session !== undefined) {
      if (!files) return undefined;
      return { ...fromSession(chain, files, sso.session, 'sso.session'), accountId, roleName, label: `sso-session ${sso.session}` };
    }
    if (sso.startUrl !== undefined && sso.region !== undefined) return { startUrl: sso.startUrl, region: sso.region, accountId, roleName, label: sso.startUrl };
    return undefined;
  }
  if (!chain.sourceProfile || !files) return undefined;
  const profile = mergeProfiles(files).get(chain.sourceProfile);
  if (!profile || classifyProfile(profile) !== 'sso') return undefined;
  const account = { accountId: iniValue(profile, 'sso_account_id'), roleName: iniValue(profile, 'sso_role_name'), label: `profile ${chain.sourceProfile}` };
  const session = iniValue(profile, 'sso_session');
  if (session) return { ...fromSession(chain, files, session, `profile "${chain.sourceProfile}"`), ...account };
  const startUrl = iniValue(profile, 'sso_start_url');
  const region = iniValue(profile, 'sso_region');
  if (!startUrl || !region) {
    throw new RoleChainError('validation', `Chain "${chain.name}": profile "${chain.sourceProfile}" has sso_start_url without sso_region. Add sso_region to the profile.`, { chainName: chain.name });
  }
  return { startUrl, region, ...account };
}
