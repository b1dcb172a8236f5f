// XML bodies the endpoint writes itself: escaping, STS (query protocol) errors and S3 REST errors.
import { randomBytes, randomUUID } from 'node:crypto';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => {
    switch (ch) {
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '&':
        return '&amp;';
      case "'":
        return '&apos;';
      default:
        return '&quot;';
    }
  });
}

/** An element, or nothing when the value is undefined (optional members are omitted, as AWS does). */
export function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function newRequestId(): string {
  return randomUUID();
}

/** S3's x-amz-id-2: an opaque base64 host id. */
export function newHostId(): string {
  return randomBytes(48).toString('base64');
}

export function stsErrorXml(code: string, message: string, requestId: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return (
    `<ErrorResponse xmlns="${STS_NAMESPACE}">` +
    `<Error><Type>${type}</Type>${element('Code', code)}${element('Message', message)}</Error>` +
    `${element('RequestId', requestId)}</ErrorResponse>\n`
  );
}

/** S3's error document; `extra` adds members such as Resource, BucketName or AWSAccessKeyId. */
export function s3ErrorXml(code: string, message: string, requestId: string, hostId: string, extra: Record<string, string> = {}): string {
  const members = Object.entries(extra)
    .map(([name, value]) => element(name, value))
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error>${element('Code', code)}${element('Message', message)}${members}` +
    `${element('RequestId', requestId)}${element('HostId', hostId)}</Error>`
  );
}
