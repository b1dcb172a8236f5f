// S3 failures as one sentence that names the object and says what to do. Builds on the core's classification
// (which branches on error names and HTTP status, never on SDK classes) and adds what only S3 knows: missing
// buckets and keys, and buckets that refuse unencrypted uploads.
import { CancelledError, RoleChainError, classifyAwsError, isRoleChainError, unresolvedHost } from '../../errors';
import { redact } from '../../redact';
import { s3Uri } from '../../s3Keys';
import type { SseOptions } from './sse';

export type S3Operation = 'list' | 'upload' | 'download' | 'delete' | 'read' | 'copy' | 'create-folder' | 'head' | 'presign';

export interface S3ErrorContext {
  operation: S3Operation;
  bucket?: string;
  key?: string;
  /** The encryption the upload asked for: a denied unencrypted write points to the s3.sse setting. */
  sse?: SseOptions;
  chainName?: string;
}

const VERBS: Record<S3Operation, string> = {
  list: 'list',
  upload: 'upload to',
  download: 'download',
  delete: 'delete',
  read: 'read',
  copy: 'copy',
  'create-folder': 'create the folder',
  head: 'look up',
  presign: 'sign a URL for',
};

const WRITES = new Set<S3Operation>(['upload', 'copy', 'create-folder']);

function target(ctx: S3ErrorContext): string {
  if (!ctx.bucket) return 'S3';
  return s3Uri(ctx.bucket, ctx.key ?? '');
}

function settingName(ctx: S3ErrorContext): string {
  return ctx.chainName ? `"s3.sse" of chain "${ctx.chainName}" (roleChains.chains)` : 'the chain\'s "s3.sse" setting (roleChains.chains)';
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The reason an S3 request failed, as one or two sentences (redacted). */
export function s3Reason(e: unknown, ctx: S3ErrorContext): string {
  if (isRoleChainError(e)) return redact(sentence(e.message));
  const info = classifyAwsError(e);
  const what = `Could not ${VERBS[ctx.operation]} ${target(ctx)}`;
  const aws = info.awsMessage && info.awsMessage !== info.code ? `: ${info.awsMessage}` : '';
  let text: string;
  switch (info.kind) {
    case 'cancelled':
      text = `${what}: cancelled.`;
      break;
    case 'access-denied': {
      const unencrypted = WRITES.has(ctx.operation) && (ctx.sse === undefined || ctx.sse.mode === 'none');
      if (unencrypted) {
        // AWS answers a bucket policy's "deny unencrypted PutObject" with a plain AccessDenied; when the message
        // names a resource-based policy or encryption, say so outright, otherwise name both likely causes.
        const sure = /encrypt|resource-based policy/i.test(info.awsMessage);
        text = sure
          ? `${what} (${info.code}): the bucket requires server-side encryption. Set ${settingName(ctx)} to "AES256" (or "aws:kms" with "kmsKeyId") and upload again.`
          : `${what} (${info.code}): the bucket requires server-side encryption or does not let this role write there. Set ${settingName(ctx)} to "AES256" (or "aws:kms" with "kmsKeyId") if it needs encryption; otherwise check that the role may s3:PutObject there.`;
      } else if (ctx.sse?.mode === 'aws:kms') {
        text = `${what} (${info.code})${aws}. Check that the role may write there and use the KMS key ${ctx.sse.kmsKeyId ?? '(the default aws/s3 key)'} (kms:GenerateDataKey).`;
      } else {
        text = `${what} (${info.code})${aws}. Check that the role grants this S3 action on the bucket, or browse with another step's session.`;
      }
      break;
    }
    case 'expired-credentials':
      text = `${what}: the session has expired (${info.code}). Run the chain again.`;
      break;
    case 'invalid-credentials':
      text = info.clockSkew
        ? `${what}: S3 rejected the request time (${info.code}). Check that this computer's clock is correct.`
        : `${what}: S3 rejected the session's credentials (${info.code}). Run the chain again.`;
      break;
    case 'throttled':
      text = `${what}: S3 is throttling requests (${info.code}). Wait a moment and try again.`;
      break;
    case 'network': {
      const host = unresolvedHost(e);
      // The SDK put the bucket in the host name (virtual-hosted style), which local and most S3-compatible endpoints
      // cannot resolve: say which host and which setting, not "check your network". (AWS's own hosts always resolve
      // when the network is up.)
      if (host && ctx.bucket && host.startsWith(`${ctx.bucket}.`) && !/\.amazonaws\.com(\.cn)?$/.test(host)) {
        text = `${what}: the host ${host} was not found (the bucket name was put in the host name). Turn on roleChains.endpoints.forcePathStyle for this S3 endpoint.`;
      } else {
        text = `${what}: ${info.networkReason ?? info.code}${host ? ` (${host})` : ''}. Check your network and the roleChains.endpoints.s3 setting.`;
      }
      break;
    }
    default:
      switch (info.code) {
        case 'NoSuchBucket':
          text = `${what}: the bucket "${ctx.bucket ?? ''}" does not exist (or is in another partition).`;
          break;
        case 'NoSuchKey':
        case 'NotFound':
          text = `${what}: the object does not exist (it may have been deleted); refresh the view.`;
          break;
        case 'KMS.NotFoundException':
        case 'KMS.DisabledException':
          text = `${what}: the KMS key ${ctx.sse?.kmsKeyId ?? ''} cannot be used (${info.code}). Check "kmsKeyId" in the chain's s3 settings.`;
          break;
        case 'MissingContentLength':
          text = `${what}: the S3 endpoint needs Content-Length on every upload (${info.code}). Turn on the S3 endpoint's checksum option (roleChains.endpoints) for this older S3-compatible store.`;
          break;
        default:
          text = `${what}: ${info.code}${aws}`;
      }
  }
  return redact(sentence(text));
}

/** The same, as a typed error to throw (cancellation stays a CancelledError). */
export function s3Error(e: unknown, ctx: S3ErrorContext): RoleChainError {
  if (isRoleChainError(e)) return e;
  const info = classifyAwsError(e);
  if (info.kind === 'cancelled') return new CancelledError(`Cancelled: ${VERBS[ctx.operation]} ${target(ctx)}.`, { cause: e });
  return new RoleChainError(info.kind, s3Reason(e, ctx), { chainName: ctx.chainName, awsCode: info.code, cause: e });
}

/** A typed validation error (bad input: nothing was sent). */
export function invalidInput(message: string): RoleChainError {
  return new RoleChainError('validation', message);
}

/** HTTP status of an SDK error, if it got an answer. */
export function httpStatus(e: unknown): number | undefined {
  const meta = typeof e === 'object' && e !== null ? (e as { $metadata?: { httpStatusCode?: unknown } }).$metadata : undefined;
  return typeof meta?.httpStatusCode === 'number' ? meta.httpStatusCode : undefined;
}

/** True for "no such key" however the operation reports it (HEAD answers carry no code, only 404). */
export function isNotFound(e: unknown): boolean {
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  return name === 'NoSuchKey' || name === 'NotFound' || (httpStatus(e) === 404 && name !== 'NoSuchBucket');
}
