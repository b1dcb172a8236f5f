// Shared AWS config and credentials files for the editor under test, named by AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE in its environment (never the runner's ~/.aws). They hold what *Import from AWS Config*
// and the wizard's base-profile page read: a base profile with the seed developer's key, a role profile with a fixed
// external_id, and a role profile whose source is missing (reported, not imported).
// The files live outside the folders the secret scan reads: they hold the key and the ExternalId on purpose, as a
// person's own files would, and the scan proves the extension never copies them anywhere else.
import fs from 'node:fs';
import path from 'node:path';
import { SEED } from '../localAws/scenario';

/** The base profile (access keys in the credentials file). */
export const BASE_PROFILE = 'developer';
/** developer → RoleNoMfa with a fixed external_id and a session name: imported as a one-step chain. */
export const IMPORTED_PROFILE = 'partner-nomfa';
export const IMPORTED_SESSION_NAME = 'partner-import';
/** A role profile whose source_profile does not exist. */
export const ORPHAN_PROFILE = 'orphan';

export interface AwsConfigFiles {
  configFile: string;
  credentialsFile: string;
  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE for the editor's environment. */
  env: Record<string, string>;
}

export function writeAwsConfigFiles(dir: string): AwsConfigFiles {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  const config = [
    `[profile ${BASE_PROFILE}]`,
    `region = ${SEED.region}`,
    '',
    `[profile ${IMPORTED_PROFILE}]`,
    `role_arn = ${SEED.roleNoMfa}`,
    `source_profile = ${BASE_PROFILE}`,
    `external_id = ${SEED.externalIdNoMfa}`,
    `role_session_name = ${IMPORTED_SESSION_NAME}`,
    `region = ${SEED.region}`,
    '',
    `[profile ${ORPHAN_PROFILE}]`,
    `role_arn = ${SEED.roleA}`,
    'source_profile = no-such-profile',
    '',
  ].join('\n');
  const credentials = [
    `[${BASE_PROFILE}]`,
    `aws_access_key_id = ${SEED.developerAccessKeyId}`,
    `aws_secret_access_key = ${SEED.developerSecretAccessKey}`,
    '',
  ].join('\n');
  fs.writeFileSync(configFile, config, { mode: 0o600 });
  fs.writeFileSync(credentialsFile, credentials, { mode: 0o600 });
  return { configFile, credentialsFile, env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile } };
}
