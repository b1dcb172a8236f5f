// The profiles of the shared AWS config and credentials files, as the SDK's own ini loader parses them (see
// core/aws/awsConfigFiles.ts): merged the way the SDK merges them, each classified by how it gets credentials, and
// the section names that make the loader read a whole file as empty. awsConfig.ts turns these profiles into chains.
import type { SsoBase } from './chain';

/** One ini section: key → value (the loader's ParsedIniData shape). */
export type IniSection = Record<string, string | undefined>;

/** What the SDK's loadSharedConfigFiles returns: config profiles without the "profile " prefix, credentials as written. */
export interface AwsConfigFiles {
  configFile: Record<string, IniSection>;
  credentialsFile: Record<string, IniSection>;
  /** Sections that made the loader read a file as empty (see unreadableSections), reported as problems. */
  unreadable?: ImportProblem[];
}

/**
 * Section names the SDK's ini loader refuses: on one of them it throws, and loadSharedConfigFiles reads the whole
 * file as empty (at import and when a chain runs). Mirrors its line handling: comments cut, `[name]` trimmed.
 */
const REFUSED_SECTIONS = new Set(['__proto__', 'profile __proto__']);

/** The refused sections of a config or credentials file's text, as written between the brackets. */
export function unreadableSections(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) continue;
    const name = trimmed.slice(1, -1);
    if (REFUSED_SECTIONS.has(name)) found.push(name);
  }
  return found;
}

/** The problem rows for a file with refused sections. */
export function unreadableProblems(text: string, path: string): ImportProblem[] {
  return unreadableSections(text).map((section) => {
    const profile = section.replace(/^profile /, '');
    return {
      profile,
      message: `profile "${profile}" in ${path}: the AWS SDK refuses this name and then reads nothing of the file, so none of its profiles can be used; rename or remove the [${section}] section.`,
    };
  });
}


/** How a profile gets credentials, in the order the SDK resolves them. */
export type ProfileKind =
  | 'role' // role_arn + source_profile: a hop
  | 'credential-source' // role_arn + credential_source: the SDK assumes it from the environment, ECS or EC2
  | 'web-identity' // role_arn + web_identity_token_file
  | 'keys'
  | 'sso'
  | 'credential-process'
  | 'login'
  | 'incomplete';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
}

/** A profile that could not become a chain (cycle, missing source, invalid field), one sentence each. */
export interface ImportProblem {
  profile: string;
  message: string;
}

const BASE_KINDS: ReadonlySet<ProfileKind> = new Set(['credential-source', 'web-identity', 'keys', 'sso', 'credential-process', 'login']);

/** True when a profile can be a chain's sourceProfile (the SDK's fromIni resolves it to credentials by itself). */
export function isBaseProfile(kind: ProfileKind): boolean {
  return BASE_KINDS.has(kind);
}

/**
 * Profile kinds whose credentials are always a role session: a role assumed from another profile, a
 * credential_source or web-identity role, an IAM Identity Center role. A role assumed with such credentials is role
 * chaining, which AWS caps at one hour. Keys, credential_process and login may or may not be (checked at run time).
 */
const ROLE_SESSION_KINDS: ReadonlySet<ProfileKind> = new Set(['role', 'credential-source', 'web-identity', 'sso']);

/** True when a profile of this kind always yields role-session credentials (so step 1 from it is role chaining). */
export function isRoleSessionProfile(kind: ProfileKind | undefined): boolean {
  return kind !== undefined && ROLE_SESSION_KINDS.has(kind);
}

/** True when the section sets `key` to something other than blanks. */
export function hasIniValue(section: IniSection, key: string): boolean {
  const v = section[key];
  return v !== undefined && v.trim() !== '';
}

/** The trimmed value of `key`, or undefined when it is missing or blank. */
export function iniValue(section: IniSection, key: string): string | undefined {
  const v = section[key]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function classifyProfile(section: IniSection): ProfileKind {
  if (hasIniValue(section, 'role_arn')) {
    if (hasIniValue(section, 'source_profile')) return 'role';
    if (hasIniValue(section, 'credential_source')) return 'credential-source';
    if (hasIniValue(section, 'web_identity_token_file')) return 'web-identity';
    return 'incomplete';
  }
  if (hasIniValue(section, 'aws_access_key_id') && hasIniValue(section, 'aws_secret_access_key')) return 'keys';
  if (hasIniValue(section, 'sso_session') || hasIniValue(section, 'sso_start_url')) return 'sso';
  if (hasIniValue(section, 'credential_process')) return 'credential-process';
  if (hasIniValue(section, 'login_session')) return 'login';
  return 'incomplete';
}

/** Sections of the config file that are not profiles (the loader keeps their type prefix). */
function isProfileKey(key: string): boolean {
  return !/^(sso-session|services|profile)\./.test(key);
}

/** An `[sso-session NAME]` section of the config file: the portal a chain's `sso.session` names. */
export interface SsoSessionInfo {
  name: string;
  startUrl?: string;
  region?: string;
}

const SSO_SESSION_PREFIX = 'sso-session.';

/** The `[sso-session NAME]` sections (config file only: the credentials file has none), by name. */
export function ssoSessionSections(files: Pick<AwsConfigFiles, 'configFile'>): Map<string, IniSection> {
  const sessions = new Map<string, IniSection>();
  for (const [key, section] of Object.entries(files.configFile ?? {})) {
    if (!key.startsWith(SSO_SESSION_PREFIX) || typeof section !== 'object' || section === null) continue;
    sessions.set(key.slice(SSO_SESSION_PREFIX.length), section);
  }
  return sessions;
}

/** The sso-session sections with their start URL and region, sorted by name (the wizard's list). */
export function listSsoSessions(files: Pick<AwsConfigFiles, 'configFile'>): SsoSessionInfo[] {
  return [...ssoSessionSections(files)]
    .map(([name, section]) => {
      const info: SsoSessionInfo = { name };
      const startUrl = iniValue(section, 'sso_start_url');
      const region = iniValue(section, 'sso_region');
      if (startUrl !== undefined) info.startUrl = startUrl;
      if (region !== undefined) info.region = region;
      return info;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The `sso` of a chain whose base profile is an IAM Identity Center one: its sso-session when the config file has that
 * section (the SDK's choice too when both are set), else its legacy sso_start_url and sso_region.
 */
export function ssoBaseOfProfile(root: string, section: IniSection, sessions: Map<string, IniSection>): { sso: SsoBase } | { problem: string } {
  const sso: SsoBase = {};
  const session = iniValue(section, 'sso_session');
  if (session !== undefined) {
    if (!sessions.has(session)) {
      return {
        problem: `profile "${root}" names sso_session "${session}", but the config file has no [sso-session ${session}] section: add it (with sso_start_url and sso_region) or correct the name.`,
      };
    }
    sso.session = session;
  } else {
    const startUrl = iniValue(section, 'sso_start_url');
    const region = iniValue(section, 'sso_region');
    if (startUrl === undefined || region === undefined) {
      return { problem: `profile "${root}" has ${startUrl === undefined ? 'sso_region but no sso_start_url' : 'sso_start_url but no sso_region'}: add it, or move both to an [sso-session] section and name it with sso_session.` };
    }
    sso.startUrl = startUrl;
    sso.region = region;
  }
  const accountId = iniValue(section, 'sso_account_id');
  const roleName = iniValue(section, 'sso_role_name');
  if (accountId !== undefined) sso.accountId = accountId;
  if (roleName !== undefined) sso.roleName = roleName;
  return { sso };
}

/** The profiles as the SDK sees them: config file first, the credentials file's values winning on the same key. */
export function mergeProfiles(files: AwsConfigFiles): Map<string, IniSection> {
  const merged = new Map<string, IniSection>();
  for (const file of [files.configFile, files.credentialsFile]) {
    for (const [name, section] of Object.entries(file ?? {})) {
      if (!isProfileKey(name) || typeof section !== 'object' || section === null) continue;
      merged.set(name, { ...merged.get(name), ...section });
    }
  }
  return merged;
}

export function listProfiles(files: AwsConfigFiles): ProfileInfo[] {
  return [...mergeProfiles(files)].map(([name, section]) => {
    const info: ProfileInfo = { name, kind: classifyProfile(section) };
    const region = iniValue(section, 'region');
    if (region !== undefined) info.region = region;
    return info;
  });
}

/** Why a profile holds no credentials of its own, as one sentence. */
export function incompleteReason(name: string, section: IniSection): string {
  if (hasIniValue(section, 'role_arn')) {
    return `profile "${name}" has role_arn but neither source_profile nor credential_source: add one to say where its base credentials come from.`;
  }
  if (hasIniValue(section, 'aws_access_key_id')) return `profile "${name}" has an access key id without aws_secret_access_key.`;
  return `profile "${name}" holds no credentials (no keys, SSO, credential_process or role).`;
}
