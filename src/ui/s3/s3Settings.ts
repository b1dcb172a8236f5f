import type { S3EndpointOptions, SseOptions } from '../../core/aws';
import type { ChainConfig } from '../../core/chain';
import type { Settings } from '../settings/settings';

/** Where S3 requests go: the URL, path style and checksum switch, as Settings allows them (machine scope, trusted only). */
export function s3EndpointOptions(settings: Settings): S3EndpointOptions {
  const { s3, forcePathStyle } = settings.endpoints;
  const checksumWhenRequired = settings.s3ChecksumWhenRequired;
  return {
    ...(s3 ? { s3 } : {}),
    ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
    ...(checksumWhenRequired ? { checksumWhenRequired } : {}),
  };
}

/** The chain's encryption for writes: its s3.sse (AES256 when unset, as the setting's default says). */
export function sseFor(chain: ChainConfig | undefined): SseOptions {
  const mode = chain?.s3?.sse ?? 'AES256';
  return mode === 'aws:kms' && chain?.s3?.kmsKeyId ? { mode, kmsKeyId: chain.s3.kmsKeyId } : { mode };
}

/** Buckets pinned by the chain's s3.buckets setting. */
export function pinnedBuckets(chain: ChainConfig | undefined): readonly string[] {
  return chain?.s3?.buckets ?? [];
}
