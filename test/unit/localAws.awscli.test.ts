// The local endpoint's STS through awscli v2 (botocore): an independent SigV4 signer and query-protocol client,
// so the endpoint is not tuned to one SDK. Uses Debian's /usr/bin/aws with a throw-away HOME and config files.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { skipBecause } from '../support/skip';

// Not the `aws` first on PATH, which may be an unrelated v1 install.
const AWS_CLI = '/usr/bin/aws';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface CliCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

describe('local AWS: awscli v2', function () {
  this.timeout(60_000);
  let aws: LocalAws;
  let home: string;

  before(async function () {
    if (!existsSync(AWS_CLI)) skipBecause(this, `${AWS_CLI} is not installed (apt-get install awscli)`);
    aws = await startLocalAws();
    home = mkdtempSync(join(tmpdir(), 'awscli-home-'));
    writeFileSync(join(home, 'config'), '[default]\nregion = us-east-1\n');
    writeFileSync(join(home, 'credentials'), '');
  });
  after(async function () {
    await aws?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Runs awscli against the endpoint with credentials from the environment only (nothing from the real ~/.aws). */
  function cli(args: string[], credentials: { id: string; secret: string; token?: string }): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      AWS_ACCESS_KEY_ID: credentials.id,
      AWS_SECRET_ACCESS_KEY: credentials.secret,
      ...(credentials.token ? { AWS_SESSION_TOKEN: credentials.token } : {}),
    };
    // Asynchronous on purpose: the endpoint answers from this same process.
    return new Promise((resolve) => {
      execFile(AWS_CLI, [...args, '--endpoint-url', aws.endpoint, '--output', 'json'], { env, timeout: 30_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  const developer = { id: SEED.developerAccessKeyId, secret: SEED.developerSecretAccessKey };

  it('get-caller-identity returns the developer user', async function () {
    const result = await cli(['sts', 'get-caller-identity'], developer);
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string; Account: string; UserId: string };
    assert.equal(identity.Arn, SEED.developerArn);
    assert.equal(identity.Account, SEED.developerAccount);
    const entry = aws.requestLog().at(-1);
    assert.deepEqual([entry?.operation, entry?.principal, entry?.status], ['GetCallerIdentity', SEED.developerArn, 200]);
  });

  it('assume-role with --external-id issues credentials awscli can use in turn', async function () {
    const result = await cli(['sts', 'assume-role', '--role-arn', SEED.roleNoMfa, '--role-session-name', 'cli-plain', '--external-id', SEED.externalIdNoMfa], developer);
    assert.equal(result.code, 0, result.stderr);
    const credentials = (JSON.parse(result.stdout) as { Credentials: CliCredentials }).Credentials;
    assert.match(credentials.AccessKeyId, /^ASIA/);
    assert.ok(Number.isFinite(Date.parse(credentials.Expiration)));
    const me = await cli(['sts', 'get-caller-identity'], { id: credentials.AccessKeyId, secret: credentials.SecretAccessKey, token: credentials.SessionToken });
    assert.equal(me.code, 0, me.stderr);
    assert.equal((JSON.parse(me.stdout) as { Arn: string }).Arn, 'arn:aws:sts::222222222222:assumed-role/RoleNoMfa/cli-plain');
  });

  it('assume-role with --external-id, --serial-number and --token-code reaches RoleA', async function () {
    const result = await cli(
      ['sts', 'assume-role', '--role-arn', SEED.roleA, '--role-session-name', 'cli-mfa', '--external-id', SEED.externalIdA, '--serial-number', SEED.mfaSerial, '--token-code', aws.mfaCode(SEED.developerName)],
      developer,
    );
    assert.equal(result.code, 0, result.stderr);
    const assumed = JSON.parse(result.stdout) as { AssumedRoleUser: { Arn: string } };
    assert.equal(assumed.AssumedRoleUser.Arn, 'arn:aws:sts::222222222222:assumed-role/RoleA/cli-mfa');
    assert.ok(aws.seenSecrets().some((secret) => secret.kind === 'externalId' && secret.value === SEED.externalIdA));
  });

  it('reports AccessDenied with AWS text when RoleA is assumed without MFA', async function () {
    const result = await cli(['sts', 'assume-role', '--role-arn', SEED.roleA, '--role-session-name', 'cli-no-mfa', '--external-id', SEED.externalIdA], developer);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user\/developer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/RoleA/);
  });

  it('rejects a wrong secret key', async function () {
    const result = await cli(['sts', 'get-caller-identity'], { id: SEED.developerAccessKeyId, secret: 'w'.repeat(40) });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/);
    const entry = aws.requestLog().at(-1);
    assert.deepEqual([entry?.status, entry?.errorCode, entry?.accessKeyId, entry?.principal], [403, 'SignatureDoesNotMatch', SEED.developerAccessKeyId, undefined]);
  });
});
