// STS client factory (S3 clients are built in ./s3). Every client is built for one set of credentials with
// explicit region and endpoint, so sessions never leak into each other and no SDK-global configuration is touched.
import { SSOClient } from '@aws-sdk/client-sso';
import { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Credentials } from '../session';

export const DEFAULT_MAX_ATTEMPTS = 3;

export interface ClientOptions {
  credentials: AwsCredentialIdentity;
  region: string;
  /** Override URL (machine-scoped setting); undefined = AWS's regional endpoint. */
  endpoint?: string;
  maxAttempts?: number;
}

export function createStsClient(o: ClientOptions): STSClient {
  return new STSClient({
    region: o.region,
    credentials: o.credentials,
    endpoint: o.endpoint,
    maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  });
}

/** Identity Center's two services: the OIDC token service and the portal (both unsigned; bearer tokens in the body or a header). */
export function createSsoClients(o: { region: string; endpoint?: string; maxAttempts?: number }): { oidc: SSOOIDCClient; portal: SSOClient } {
  const common = { region: o.region, endpoint: o.endpoint, maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS };
  return { oidc: new SSOOIDCClient(common), portal: new SSOClient(common) };
}

export function toSdkCredentials(c: Credentials): AwsCredentialIdentity {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}
