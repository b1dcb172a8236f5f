// Service- and bucket-level operations: ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket.
import { accessDenied, authorize, existingBucket, identityOf, may, s3Arn } from '../access';
import { S3Error } from '../errors';
import { readSmallBody } from '../ingest';
import { compareKeys, decodeToken, encodeToken, parseMax } from '../listing';
import type { S3Request } from '../request';
import { sendEmpty, sendXml } from '../respond';
import { childText, document, el, opt, parseXml } from '../xml';

const SMALL_BODY = 64 * 1024;

export async function listBuckets(r: S3Request): Promise<void> {
  await readSmallBody(r, SMALL_BODY);
  if (r.auth.principal.grantsFrom.listAllMyBuckets !== true) throw accessDenied(r, 's3:ListAllMyBuckets', s3Arn(r, '*'), 'identity');
  const prefix = r.query.get('prefix') ?? '';
  const region = r.query.get('bucket-region');
  const token = r.query.get('continuation-token');
  const after = token === undefined ? undefined : decodeToken(token).key;
  const maxParam = r.query.get('max-buckets');
  const max = maxParam === undefined ? Infinity : Math.max(1, parseMax(maxParam, 'max-buckets', 10000));
  // Only the buckets this identity may list: the seed scenario gives each role its own buckets.
  const visible = r.storage
    .allBuckets()
    .filter((b) => b.name.startsWith(prefix) && (region === undefined || b.region === region) && may(r, b.name, 'list'))
    .filter((b) => after === undefined || compareKeys(b.name, after) > 0);
  const page = visible.slice(0, max);
  const last = page[page.length - 1];
  const owner = identityOf(r);
  sendXml(
    r,
    200,
    document(
      'ListAllMyBucketsResult',
      el(
        'Buckets',
        page.map((b) =>
          el('Bucket', el('BucketRegion', b.region), el('CreationDate', new Date(b.created).toISOString()), el('Name', b.name)),
        ),
      ),
      el('Owner', el('DisplayName', owner.displayName), el('ID', owner.id)),
      visible.length > page.length && last ? el('ContinuationToken', encodeToken({ key: last.name, isPrefix: false })) : undefined,
      opt('Prefix', r.query.get('prefix')),
    ),
  );
}

/** AWS's general-purpose bucket naming rules; returns why a name is invalid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'may contain only lowercase letters, numbers, dots and hyphens, and must begin and end with a letter or number';
  }
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return 'must not contain two adjacent periods or a period next to a hyphen';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) {
    return 'uses a reserved prefix or suffix';
  }
  return undefined;
}

export async function createBucket(r: S3Request, name: string): Promise<void> {
  const problem = bucketNameProblem(name);
  if (problem) {
    await readSmallBody(r, SMALL_BODY).catch(() => undefined);
    throw new S3Error('InvalidBucketName', 400, `The specified bucket is not valid.`, { BucketName: name });
  }
  authorize(r, name, 'put', 's3:CreateBucket');
  const body = (await readSmallBody(r, SMALL_BODY)).toString('utf8').trim();
  let constraint: string | undefined;
  if (body !== '') {
    const config = parseXml(body);
    if (config.name !== 'CreateBucketConfiguration') throw new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
    constraint = childText(config, 'LocationConstraint')?.trim() || undefined;
  }
  // us-east-1 takes no constraint; every other region must name itself, and must be the region signed for.
  if (constraint === 'us-east-1' && r.auth.region === 'us-east-1') {
    throw new S3Error('InvalidLocationConstraint', 400, 'The specified location-constraint is not valid', { LocationConstraint: constraint });
  }
  const region = constraint ?? 'us-east-1';
  if (region !== r.auth.region) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      400,
      constraint === undefined
        ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
        : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    );
  }
  if (r.storage.bucket(name)) {
    throw new S3Error(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: name },
    );
  }
  r.storage.createBucket(name, region);
  sendEmpty(r, 200, { location: `/${name}` });
}

export async function headBucket(r: S3Request, name: string): Promise<void> {
  await readSmallBody(r, SMALL_BODY);
  authorize(r, name, 'list', 's3:ListBucket');
  const bucket = r.storage.bucket(name);
  if (!bucket) throw new S3Error('NotFound', 404, 'Not Found');
  const headers = { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' };
  if (bucket.region !== r.auth.region) throw new S3Error('BadRequest', 400, 'Bad Request', {}, headers);
  sendEmpty(r, 200, headers);
}

export async function getBucketLocation(r: S3Request, name: string): Promise<void> {
  await readSmallBody(r, SMALL_BODY);
  authorize(r, name, 'list', 's3:GetBucketLocation');
  const bucket = existingBucket(r, name, { anyRegion: true });
  const region = bucket.region === 'us-east-1' ? '' : bucket.region;
  sendXml(r, 200, document('LocationConstraint', region));
}

export async function deleteBucket(r: S3Request, name: string): Promise<void> {
  await readSmallBody(r, SMALL_BODY);
  authorize(r, name, 'delete', 's3:DeleteBucket');
  const bucket = existingBucket(r, name);
  if (bucket.objects.size > 0) {
    throw new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: name });
  }
  r.storage.deleteBucket(bucket);
  sendEmpty(r, 204);
}
