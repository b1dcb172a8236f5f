// Client factory: every client is built for one set of credentials with explicit region and endpoint, so
// sessions never leak into each other and no SDK-global configuration is touched.
import { STSClient } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Credentials, StepSession } from '../session';

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

export interface S3ClientOptions extends ClientOptions {
  forcePathStyle?: boolean;
  /** For older S3-compatible stores that reject streamed checksums; AWS itself needs the default. */
  checksumsWhenRequired?: boolean;
}

export function createS3Client(o: S3ClientOptions): S3Client {
  return new S3Client({
    region: o.region,
    credentials: o.credentials,
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle,
    maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(o.checksumsWhenRequired ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
  });
}

export function toSdkCredentials(c: Credentials): AwsCredentialIdentity {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

/** The credentials and region a step's session signs with. */
export function stepClientOptions(step: StepSession, endpoint?: string, maxAttempts?: number): ClientOptions {
  return { credentials: toSdkCredentials(step.credentials), region: step.region, endpoint, maxAttempts };
}
