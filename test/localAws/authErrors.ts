// How each service words an authentication failure: STS (query protocol) and S3 (REST) use different codes,
// texts and statuses for the same cause, and clients branch on them.
import { formatAmzDate, type AuthFailure } from './sigv4';

export interface ServiceError {
  status: number;
  code: string;
  message: string;
  /** Additional members of S3's <Error> document. */
  extra?: Record<string, string>;
}

const SKEW_TEXT_MS = 15 * 60_000;

export const STS_MISSING_AUTH: ServiceError = { status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' };
export const S3_ANONYMOUS: ServiceError = { status: 403, code: 'AccessDenied', message: 'Access Denied' };

export function stsAuthError(failure: AuthFailure): ServiceError {
  switch (failure.kind) {
    case 'malformed':
      return { status: 400, code: 'IncompleteSignature', message: failure.detail };
    case 'skewed': {
      const server = failure.serverTime;
      const requestTime = failure.requestTime;
      return failure.requestTimeMs < server
        ? {
            status: 403,
            code: 'SignatureDoesNotMatch',
            message: `Signature expired: ${requestTime} is now earlier than ${formatAmzDate(server - SKEW_TEXT_MS)} (${formatAmzDate(server)} - 15 min.)`,
          }
        : {
            status: 403,
            code: 'SignatureDoesNotMatch',
            message: `Signature not yet current: ${requestTime} is still later than ${formatAmzDate(server + SKEW_TEXT_MS)} (${formatAmzDate(server)} + 15 min.)`,
          };
    }
    case 'presignExpired':
      return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
    case 'presignTooLong':
      return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800' };
    case 'unknownKey':
    case 'badToken':
      return { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
    case 'expiredToken':
      return { status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' };
    case 'badSignature':
    case 'missingContentSha256':
      return {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      };
  }
}

export function s3AuthError(failure: AuthFailure): ServiceError {
  switch (failure.kind) {
    case 'malformed':
      return { status: 400, code: 'AuthorizationHeaderMalformed', message: failure.detail };
    case 'skewed':
      return {
        status: 403,
        code: 'RequestTimeTooSkewed',
        message: 'The difference between the request time and the current time is too large.',
        extra: { RequestTime: failure.requestTime, ServerTime: new Date(failure.serverTime).toISOString(), MaxAllowedSkewMilliseconds: '900000' },
      };
    case 'presignExpired':
      return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
    case 'presignTooLong':
      return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800' };
    case 'unknownKey':
      return {
        status: 403,
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        extra: { AWSAccessKeyId: failure.accessKeyId },
      };
    case 'badToken':
      return { status: 400, code: 'InvalidToken', message: 'The provided token is malformed or otherwise invalid.' };
    case 'expiredToken':
      return { status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' };
    case 'badSignature':
      return {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        extra: { AWSAccessKeyId: failure.accessKeyId },
      };
    case 'missingContentSha256':
      return { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' };
  }
}
