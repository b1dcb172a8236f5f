// The local endpoint's S3 through awscli v2 (Debian's /usr/bin/aws): an independent SigV4 signer and transfer
// engine (botocore + s3transfer), so the endpoint is not tuned to one SDK. Credentials come from the seed
// scenario's role chain via STS and reach the CLI as environment variables only (no secret written to disk).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import type { RawCredentials } from '../localAws/rawClient';
import { assumeRole } from './assumeRole';
import { skipBecause } from '../support/skip';

const AWS_CLI = '/usr/bin/aws';
const REGION = 'us-east-1';
const CLI_TIMEOUT_MS = 60_000;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('local AWS: S3 through awscli v2', function () {
  this.timeout(120_000);
  let aws: LocalAws;
  let home: string;
  let roleA: RawCredentials;
  let roleB: RawCredentials;

  /** Runs /usr/bin/aws against the endpoint with a clean environment: only the given credentials, a temp HOME. */
  function cli(credentials: RawCredentials, args: string[]): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    };
    if (credentials.sessionToken) env.AWS_SESSION_TOKEN = credentials.sessionToken;
    return new Promise((resolve) => {
      execFile(
        AWS_CLI,
        ['--endpoint-url', aws.endpoint, '--no-cli-pager', ...args],
        { env, timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  before(async function () {
    if (!existsSync(AWS_CLI)) skipBecause(this, `${AWS_CLI} is not installed (apt-get install awscli)`);
    aws = await startLocalAws();
    home = await mkdtemp(join(tmpdir(), 'local-s3-awscli-'));
    // The CLI's defaults, spelled out: files over 8 MB go up as 8 MB parts.
    await writeFile(join(home, 'config'), `[default]\nregion = ${REGION}\ns3 =\n  multipart_threshold = 8MB\n  multipart_chunksize = 8MB\n`);
    await writeFile(join(home, 'credentials'), '');
    const developer = { accessKeyId: SEED.developerAccessKeyId, secretAccessKey: SEED.developerSecretAccessKey };
    roleA = await assumeRole(aws.endpoint, REGION, developer, {
      RoleArn: SEED.roleA,
      RoleSessionName: 'awscli-a',
      ExternalId: SEED.externalIdA,
      SerialNumber: SEED.mfaSerial,
      TokenCode: aws.mfaCode(SEED.developerName),
    });
    roleB = await assumeRole(aws.endpoint, REGION, roleA, { RoleArn: SEED.roleB, RoleSessionName: 'awscli-b', ExternalId: SEED.externalIdB });
  });

  after(async function () {
    await aws?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('copies a 20 MB file up (multipart) and down again with an equal sha256, and lists it', async function () {
    const data = randomBytes(20 * 1000 * 1000);
    const up = join(home, 'twenty.bin');
    const down = join(home, 'twenty.down.bin');
    await writeFile(up, data);
    aws.clearRequestLog();

    const put = await cli(roleA, ['s3', 'cp', '--no-progress', up, 's3://bucket1/cli/twenty.bin']);
    assert.equal(put.code, 0, put.stderr);
    const log = aws.requestLog();
    const parts = log.filter((e) => e.operation === 'UploadPart' && e.status === 200);
    assert.equal(parts.length, 3, 'three parts of at most 8 MB');
    assert.ok(log.some((e) => e.operation === 'CompleteMultipartUpload' && e.status === 200));
    assert.ok(parts.every((e) => e.principal === 'arn:aws:sts::222222222222:assumed-role/RoleA/awscli-a'));

    const listed = await cli(roleA, ['s3', 'ls', 's3://bucket1/cli/']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /\s20000000 twenty\.bin\n/);
    const buckets = await cli(roleA, ['s3', 'ls']);
    assert.equal(buckets.code, 0, buckets.stderr);
    assert.match(buckets.stdout, / bucket1\n/);

    const get = await cli(roleA, ['s3', 'cp', '--no-progress', 's3://bucket1/cli/twenty.bin', down]);
    assert.equal(get.code, 0, get.stderr);
    assert.equal(sha256(await readFile(down)), sha256(data));
  });

  it('RoleB writes bucket2 only with --sse AES256, as its bucket policy requires', async function () {
    const small = join(home, 'small.txt');
    await writeFile(small, 'from the command line');
    const plain = await cli(roleB, ['s3', 'cp', '--no-progress', small, 's3://bucket2/cli/small.txt']);
    assert.notEqual(plain.code, 0);
    assert.match(plain.stderr, /AccessDenied/);
    const encrypted = await cli(roleB, ['s3', 'cp', '--no-progress', '--sse', 'AES256', small, 's3://bucket2/cli/small.txt']);
    assert.equal(encrypted.code, 0, encrypted.stderr);
    const head = await cli(roleB, ['s3api', 'head-object', '--bucket', 'bucket2', '--key', 'cli/small.txt']);
    assert.equal(head.code, 0, head.stderr);
    assert.equal((JSON.parse(head.stdout) as { ServerSideEncryption?: string }).ServerSideEncryption, 'AES256');
  });

  it('rejects a wrong secret', async function () {
    const wrong = { ...roleA, secretAccessKey: `${roleA.secretAccessKey.slice(0, -1)}${roleA.secretAccessKey.endsWith('A') ? 'B' : 'A'}` };
    const result = await cli(wrong, ['s3', 'ls', 's3://bucket1/']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /SignatureDoesNotMatch/);
  });
});
