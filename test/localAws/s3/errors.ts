// S3 errors as AWS names them, with the HTTP status AWS uses and any extra elements AWS adds to the <Error> body.

export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra child elements of <Error>, e.g. Key, BucketName, UploadId (in AWS's order). */
    readonly details: Record<string, string | number> = {},
    /** Extra response headers, e.g. x-amz-bucket-region. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** The client went away or the service is closing: there is nobody to answer. */
export class RequestGone extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RequestGone';
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string): S3Error => new S3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });

export const noSuchUpload = (uploadId: string): S3Error =>
  new S3Error(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

export const invalidArgument = (message: string, name?: string, value?: string): S3Error =>
  new S3Error('InvalidArgument', 400, message, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' });

export const invalidRequest = (message: string): S3Error => new S3Error('InvalidRequest', 400, message);

export const malformedXml = (): S3Error =>
  new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

export const badDigest = (what: string): S3Error =>
  new S3Error('BadDigest', 400, `The ${what} you specified did not match the calculated checksum.`);

export const incompleteBody = (): S3Error =>
  new S3Error('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.');

export const missingContentLength = (): S3Error =>
  new S3Error('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.');

export const entityTooLarge = (max: number): S3Error =>
  new S3Error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: max });

export const notImplemented = (what: string): S3Error =>
  new S3Error('NotImplemented', 501, `A header or query you provided implies functionality that is not implemented (${what}).`);

export const methodNotAllowed = (method: string, resource: string): S3Error =>
  new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
    Method: method,
    ResourceType: resource,
  });

/** The cause is named (it is a test endpoint: a failure here should be easy to trace); it never holds secrets. */
export const internalError = (cause: unknown): S3Error =>
  new S3Error('InternalError', 500, `We encountered an internal error. Please try again. (${cause instanceof Error ? cause.message : String(cause)})`);
