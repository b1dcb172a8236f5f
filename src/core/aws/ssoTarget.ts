// Which Identity Center portal, account and permission set start a chain: its `sso` base (a start URL and region, or
// an sso-session of the config file), or a sourceProfile that is an SSO profile. The extension signs in to those
// itself rather than hand them to the SDK, whose SSO provider only reads the CLI's plaintext token cache and fails
// when `aws sso login` was not run.
import type { ChainConfig, SsoBase } from '../chain';
import { RoleChainError } from '../errors';
import { classifyProfile, iniValue, mergeProfiles, ssoBaseOfProfile, ssoSessionSections, type AwsConfigFiles } from '../awsProfiles';

export interface SsoTarget {
  startUrl: string;
  region: string;
  accountId?: string;
  roleName?: string;
  /** How messages name it: the sso-session, the profile or the start URL. */
  label: string;
  /** roleChains.endpoints.sso when set: the server the tokens are sent to, so part of their store key. */
  endpoint?: string;
}

function fromSession(chain: ChainConfig, files: AwsConfigFiles, name: string, where: string): Pick<SsoTarget, 'startUrl' | 'region'> {
  const section = ssoSessionSections(files).get(name);
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

function fromBase(chain: ChainConfig, sso: SsoBase, files: AwsConfigFiles | undefined, where: string, label: string | undefined): SsoTarget | undefined {
  const { accountId, roleName } = sso;
  if (sso.session !== undefined) {
    if (!files) return undefined;
    return { ...fromSession(chain, files, sso.session, where), accountId, roleName, label: label ?? `sso-session ${sso.session}` };
  }
  if (sso.startUrl === undefined || sso.region === undefined) return undefined;
  return { startUrl: sso.startUrl, region: sso.region, accountId, roleName, label: label ?? sso.startUrl };
}

/**
 * The chain's Identity Center target, or undefined when its base is something else. `files` are the shared AWS files
 * (needed for `sso.session` and for a sourceProfile; see ssoTargetNeedsFiles).
 */
export function ssoTarget(chain: ChainConfig, files: AwsConfigFiles | undefined): SsoTarget | undefined {
  if (chain.sso) return fromBase(chain, chain.sso, files, 'sso.session', undefined);
  if (!chain.sourceProfile || !files) return undefined;
  const profile = mergeProfiles(files).get(chain.sourceProfile);
  if (!profile || classifyProfile(profile) !== 'sso') return undefined;
  // The import's reading of an SSO profile, so a sourceProfile signs in exactly as its imported chain would.
  const base = ssoBaseOfProfile(chain.sourceProfile, profile, ssoSessionSections(files));
  if ('problem' in base) throw new RoleChainError('validation', `Chain "${chain.name}": ${base.problem}`, { chainName: chain.name });
  return fromBase(chain, base.sso, files, `profile "${chain.sourceProfile}"`, `profile ${chain.sourceProfile}`);
}
