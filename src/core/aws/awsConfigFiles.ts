// Reads ~/.aws/config and ~/.aws/credentials with the SDK's own ini loader, so profiles are parsed exactly as
// the SDK will resolve them when a chain runs. Lives in the lazily loaded AWS bundle with the rest of the SDK.
import { getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unreadableProblems, type AwsConfigFiles } from '../awsProfiles';

export interface AwsConfigFileOptions {
  /** The credentials file; default AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials. */
  filepath?: string;
  /** The config file; default AWS_CONFIG_FILE, else ~/.aws/config. */
  configFilepath?: string;
  /** Environment to read the two variables from (tests); default process.env. */
  env?: Record<string, string | undefined>;
}

export interface LoadedAwsConfigFiles {
  files: AwsConfigFiles;
  /** The paths that were read, for messages such as "no role profiles in …". */
  configFilepath: string;
  credentialsFilepath: string;
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(getHomeDir(), path.slice(2)) : path;
}

/** Missing files read as empty, as the SDK treats them. Always re-reads: the person may just have edited them. */
export async function loadAwsConfigFiles(opts: AwsConfigFileOptions = {}): Promise<LoadedAwsConfigFiles> {
  const env = opts.env ?? process.env;
  const configFilepath = expandHome(opts.configFilepath ?? (env.AWS_CONFIG_FILE || join(getHomeDir(), '.aws', 'config')));
  const credentialsFilepath = expandHome(opts.filepath ?? (env.AWS_SHARED_CREDENTIALS_FILE || join(getHomeDir(), '.aws', 'credentials')));
  const loaded = await loadSharedConfigFiles({ configFilepath, filepath: credentialsFilepath, ignoreCache: true });
  // The loader reads a file it refuses as empty, silently: look for the sections it refuses, to say so.
  const unreadable = [];
  for (const path of new Set([configFilepath, credentialsFilepath])) {
    const text = await readFile(path, 'utf8').catch(() => '');
    unreadable.push(...unreadableProblems(text, path));
  }
  const files: AwsConfigFiles = { configFile: loaded.configFile, credentialsFile: loaded.credentialsFile };
  if (unreadable.length > 0) files.unreadable = unreadable;
  return { files, configFilepath, credentialsFilepath };
}
