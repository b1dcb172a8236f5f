import * as vscode from 'vscode';
import type { S3EndpointOptions, SseOptions } from '../../core/aws';
import type { ChainConfig } from '../../core/chain';
import type { Settings } from '../settings/settings';

export const PAGE_SIZE_SETTING = 'roleChains.s3.pageSize';
export const CHECKSUM_SETTING = 'roleChains.endpoints.s3ChecksumWhenRequired';
const DEFAULT_PAGE_SIZE = 1000;

/** Keys and folders per listing page (S3 answers at most 1,000). */
export function pageSize(): number {
  const value = vscode.workspace.getConfiguration().get<unknown>(PAGE_SIZE_SETTING);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 1), 1000) : DEFAULT_PAGE_SIZE;
}

/**
 * Where S3 requests go. The URL and path style come from Settings (machine scope, nothing in an untrusted
 * workspace); the checksum switch follows the same rule: only a user/machine value counts, and only when trusted.
 */
export function s3EndpointOptions(settings: Settings): S3EndpointOptions {
  const { s3, forcePathStyle } = settings.endpoints;
  const inspected = vscode.workspace.isTrusted ? vscode.workspace.getConfiguration().inspect<unknown>(CHECKSUM_SETTING) : undefined;
  const checksumWhenRequired = inspected?.globalValue === true;
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
