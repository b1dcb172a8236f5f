// Where a chain starts: the named sourceProfile from the shared AWS files, else the SDK's default provider
// chain (environment, SSO, shared files, container/instance roles). Failures become one actionable message.
// The two providers from their own packages (the ones @aws-sdk/credential-providers wraps): the umbrella package also
// brings the Cognito client into dist/aws.js, 5 KiB of the .vsix for a provider this extension never uses.
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { defaultProvider as fromNodeProviderChain } from '@aws-sdk/credential-provider-node';
import type { ChainConfig } from '../chain';
import { RoleChainError } from '../errors';
import { redact } from '../redact';

export interface BaseCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type BaseCredentialsProvider = () => Promise<BaseCredentials>;

/** Alternative shared-file locations (tests; otherwise the SDK's AWS_SHARED_CREDENTIALS_FILE / ~/.aws defaults). */
export interface SharedFiles {
  filepath?: string;
  configFilepath?: string;
}

export function defaultBaseCredentials(chain: Pick<ChainConfig, 'sourceProfile'>, files: SharedFiles = {}): BaseCredentialsProvider {
  if (chain.sourceProfile) return fromIni({ profile: chain.sourceProfile, ...files });
  return fromNodeProviderChain(files);
}

function describeSource(chain: Pick<ChainConfig, 'sourceProfile'>): string {
  return chain.sourceProfile ? `profile "${chain.sourceProfile}"` : 'the default credential chain';
}

/**
 * A provider's error as the log may show it: its name and first line, cleaned by redact(). A failing
 * credential_process puts its whole command line (with any --password flag) and its stderr (vault tokens) in the
 * message, so a command line is never kept.
 */
export function providerError(e: unknown): Error {
  const name = e instanceof Error ? e.name : 'Error';
  const first = (e instanceof Error ? e.message : String(e)).split(/\r?\n/, 1)[0] ?? '';
  const line = /^Command failed\b/i.test(first) ? 'Command failed (its command line and output are not logged)' : redact(first);
  const safe = new Error(line);
  safe.name = name;
  // The SDK's frames say nothing the name does not; a stack built from the raw message would repeat it.
  safe.stack = `${name}: ${line}`;
  return safe;
}

/** Resolves the base credentials, mapping provider failures to 'no-credentials' / 'expired-credentials'. */
export async function resolveBaseCredentials(
  provider: BaseCredentialsProvider,
  chain: Pick<ChainConfig, 'name' | 'sourceProfile'>,
): Promise<BaseCredentials> {
  let creds: BaseCredentials;
  try {
    creds = await provider();
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    const text = e instanceof Error ? e.message : String(e);
    const profileFlag = chain.sourceProfile ? ` --profile ${chain.sourceProfile}` : '';
    if (/sso/i.test(text) && /expired|refresh|invalid/i.test(text)) {
      const hint = `Run \`aws sso login${profileFlag}\` and run the chain again.`;
      throw new RoleChainError('expired-credentials', `The SSO session of ${describeSource(chain)} has expired. ${hint}`, { chainName: chain.name, hint, awsCode: name, cause: providerError(e) });
    }
    const hint = chain.sourceProfile
      ? `Check that [profile ${chain.sourceProfile}] exists in ~/.aws/config or [${chain.sourceProfile}] in ~/.aws/credentials (or run \`aws sso login${profileFlag}\`), or fix the chain's sourceProfile.`
      : 'Configure a default profile (`aws configure`), sign in with `aws sso login`, or set the chain\'s sourceProfile.';
    throw new RoleChainError('no-credentials', `No AWS credentials found for ${describeSource(chain)}. ${hint}`, { chainName: chain.name, hint, awsCode: name || undefined, cause: providerError(e) });
  }
  if (!creds || typeof creds.accessKeyId !== 'string' || typeof creds.secretAccessKey !== 'string' || creds.accessKeyId === '' || creds.secretAccessKey === '') {
    throw new RoleChainError('no-credentials', `No usable AWS credentials came from ${describeSource(chain)}: an access key id and secret are needed.`, { chainName: chain.name });
  }
  return creds;
}
