/**
 * How package.json declares each roleChains setting, which is what decides where the gate may read it from:
 * `userOnly` for application/machine scope (a workspace cannot set it), `restricted` for the settings listed in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`. A unit test keeps this table and the manifest in step.
 */
export interface SettingScope {
  readonly userOnly: boolean;
  readonly restricted: boolean;
}

export const SECTION = 'roleChains';

export const SETTING_SCOPES = {
  chains: { userOnly: false, restricted: true },
  sessionNameTemplate: { userOnly: false, restricted: true },
  persistSessions: { userOnly: true, restricted: false },
  refreshSilently: { userOnly: true, restricted: false },
  'endpoints.sts': { userOnly: true, restricted: true },
  'endpoints.s3': { userOnly: true, restricted: true },
  'endpoints.sso': { userOnly: true, restricted: true },
  'endpoints.forcePathStyle': { userOnly: true, restricted: true },
  'endpoints.s3ChecksumWhenRequired': { userOnly: true, restricted: true },
  federationEndpoint: { userOnly: true, restricted: true },
  's3.pageSize': { userOnly: false, restricted: false },
} as const satisfies Record<string, SettingScope>;

export type SettingKey = keyof typeof SETTING_SCOPES;

/** Which of the values VS Code holds for a setting the gate uses; `none` means the setting is ignored. */
export type SettingSource = 'any' | 'user' | 'none';

/**
 * The one rule: a user-only setting takes the user's (or machine's) value; a restricted one ignores the workspace
 * while it is untrusted, and one that is both is ignored outright there (it could send credentials elsewhere).
 */
export function sourceOf(scope: SettingScope, trusted: boolean): SettingSource {
  if (scope.restricted && !trusted) return scope.userOnly ? 'none' : 'user';
  return scope.userOnly ? 'user' : 'any';
}
