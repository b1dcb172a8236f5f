// Temporary credentials from the local STS with the plain SDK: the RoleA session the transfer cases and awscli use,
// and the three raw AssumeRole calls that are the chain case's reference. Held in memory only.
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { SEED, totpCode } from '../localAws';

export interface TempCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ms epoch */
  expiration?: number;
}

export const REGION = SEED.region;

export const developerCredentials = (): TempCredentials => ({
  accessKeyId: SEED.developerAccessKeyId,
  secretAccessKey: SEED.developerSecretAccessKey,
});

/** The same keys without the expiry, in the shape the SDK's clients take. */
export function sdkCredentials(c: TempCredentials): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
}

export const mfaCodeNow = (): string => totpCode(SEED.mfaSeedBase32, Date.now());

/** One AssumeRole with a client built for these credentials (as a script using the SDK directly would). */
export async function assumeRole(endpoint: string, credentials: TempCredentials, input: Omit<AssumeRoleCommandInput, 'RoleSessionName'>): Promise<TempCredentials> {
  const sts = new STSClient({ endpoint, region: REGION, credentials: sdkCredentials(credentials) });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleSessionName: 'bench', DurationSeconds: 3600, ...input }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('STS answered without credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration?.getTime() };
  } finally {
    sts.destroy();
  }
}

/** developer (MFA) → RoleA (ExternalId A). */
export function roleASession(endpoint: string): Promise<TempCredentials> {
  return assumeRole(endpoint, developerCredentials(), {
    RoleArn: SEED.roleA,
    ExternalId: SEED.externalIdA,
    SerialNumber: SEED.mfaSerial,
    TokenCode: mfaCodeNow(),
  });
}

/** The three raw calls of the seed's three-step chain: RoleA (ExternalId + MFA) → RoleB (ExternalId) → RoleC. */
export async function rawThreeStepChain(endpoint: string): Promise<TempCredentials> {
  const a = await roleASession(endpoint);
  const b = await assumeRole(endpoint, a, { RoleArn: SEED.roleB, ExternalId: SEED.externalIdB });
  return assumeRole(endpoint, b, { RoleArn: SEED.roleC });
}
