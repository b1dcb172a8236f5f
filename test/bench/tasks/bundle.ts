// The AWS half of the extension exactly as it ships: the production dist/aws.js the benchmark packaged, loaded
// once per worker (as the extension loads it once per window, on first use).
import path from 'node:path';
import type * as AwsCore from '../../../src/core/aws';
import type { TempCredentials } from '../credentials';

export type AwsBundle = typeof AwsCore;
export type S3ClientOf = ReturnType<AwsBundle['createS3ClientFor']>;

export const DIST_ENV = 'ROLE_CHAINS_BENCH_DIST';

let loaded: AwsBundle | undefined;

export function awsBundle(): AwsBundle {
  if (loaded) return loaded;
  const dist = process.env[DIST_ENV];
  if (!dist) throw new Error(`${DIST_ENV} is not set: the worker needs the packaged dist folder`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = require(path.join(dist, 'aws.js')) as AwsBundle;
  return loaded;
}

/** Where and as whom the transfer tasks talk to S3. */
export interface S3Target {
  endpoint: string;
  region: string;
  credentials: TempCredentials;
}

/** An S3 client as the extension builds one for a session step (expiry-checked credentials, path-style). */
export function coreS3Client(target: S3Target): S3ClientOf {
  const aws = awsBundle();
  return aws.createS3ClientFor({ credentials: target.credentials, region: target.region, endpoint: target.endpoint, forcePathStyle: true });
}
