// Conditional writes on the local endpoint, as S3 documents them: PutObject with If-Match succeeds only on the
// current ETag (412 PreconditionFailed otherwise, 404 NoSuchKey when there is no object), If-None-Match: * only when
// the key is free (412), and any other If-None-Match value is 501 NotImplemented. A refused write changes nothing.
import * as assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SEED, seedScenario, startLocalAws, type LocalAws, type LocalAwsConfig } from '../localAws';
import { expectServiceError } from './sdkFailure';

const REGION = 'us-east-1';
const ADMIN = { accessKeyId: 'AKIA5LOCALS3COND0001', secretAccessKey: 'cW3nQ8rT1vY4zB7dF0hK2mP5sU8xA1cE4gJ7lN0q' };

function scenario(): LocalAwsConfig {
  const config = seedScenario();
  config.users.push({
    name: 's3conditional',
    account: SEED.developerAccount,
    accessKeyId: ADMIN.accessKeyId,
    secretAccessKey: ADMIN.secretAccessKey,
    s3: [{ bucket: '*', actions: ['list', 'get', 'put', 'delete'] }],
    listAllMyBuckets: true,
  });
  return config;
}

describe('local AWS: conditional writes (If-Match / If-None-Match on PutObject)', function () {
  this.timeout(60000);
  let aws: LocalAws;
  let mine: S3Client;
  let theirs: S3Client;
  const Bucket = 'bucket1';

  before(async function () {
    aws = await startLocalAws({ config: scenario() });
    const client = (): S3Client => new S3Client({ endpoint: aws.endpoint, region: REGION, forcePathStyle: true, credentials: ADMIN });
    mine = client();
    theirs = client();
  });

  after(async function () {
    mine?.destroy();
    theirs?.destroy();
    await aws?.stop();
  });

  const text = async (Key: string): Promise<string> => {
    const got = await mine.send(new GetObjectCommand({ Bucket, Key }));
    return (await got.Body?.transformToString()) ?? '';
  };

  it('writes with If-Match on the current ETag and refuses a stale one with 412, leaving the object as it was', async function () {
    const Key = 'cond/edit.txt';
    const first = await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'one' }));
    assert.ok(first.ETag);
    const second = await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'two', IfMatch: first.ETag }));
    assert.ok(second.ETag && second.ETag !== first.ETag);
    assert.equal(await text(Key), 'two');
    // A second client writes meanwhile; a save based on the ETag read before that write must not land.
    await theirs.send(new PutObjectCommand({ Bucket, Key, Body: 'theirs' }));
    await expectServiceError(mine.send(new PutObjectCommand({ Bucket, Key, Body: 'mine', IfMatch: second.ETag })), 'PreconditionFailed', 412);
    assert.equal(await text(Key), 'theirs');
  });

  it('accepts the ETag with or without its quotes', async function () {
    const Key = 'cond/quotes.txt';
    const { ETag } = await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'q' }));
    assert.ok(ETag);
    await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'q2', IfMatch: ETag.replace(/"/g, '') }));
    assert.equal(await text(Key), 'q2');
  });

  it('answers If-Match on a missing key with 404 NoSuchKey and creates nothing', async function () {
    const Key = 'cond/missing.txt';
    await expectServiceError(mine.send(new PutObjectCommand({ Bucket, Key, Body: 'x', IfMatch: '"0123456789abcdef0123456789abcdef"' })), 'NoSuchKey', 404);
    await expectServiceError(mine.send(new GetObjectCommand({ Bucket, Key })), 'NoSuchKey', 404);
  });

  it('creates with If-None-Match: * only while the key is free (412 afterwards)', async function () {
    const Key = 'cond/create.txt';
    await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'created', IfNoneMatch: '*' }));
    await expectServiceError(theirs.send(new PutObjectCommand({ Bucket, Key, Body: 'again', IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    assert.equal(await text(Key), 'created');
  });

  it('answers If-None-Match with anything but * with 501 NotImplemented and writes nothing', async function () {
    const Key = 'cond/etag-none-match.txt';
    const { ETag } = await mine.send(new PutObjectCommand({ Bucket, Key, Body: 'kept' }));
    await expectServiceError(mine.send(new PutObjectCommand({ Bucket, Key, Body: 'new', IfNoneMatch: '"ffffffffffffffffffffffffffffffff"' })), 'NotImplemented', 501);
    await expectServiceError(mine.send(new PutObjectCommand({ Bucket, Key, Body: 'new', IfNoneMatch: ETag })), 'NotImplemented', 501);
    await expectServiceError(mine.send(new PutObjectCommand({ Bucket, Key: 'cond/never.txt', Body: 'new', IfNoneMatch: '"abc"' })), 'NotImplemented', 501);
    assert.equal(await text(Key), 'kept');
    await expectServiceError(mine.send(new GetObjectCommand({ Bucket, Key: 'cond/never.txt' })), 'NoSuchKey', 404);
  });
});
