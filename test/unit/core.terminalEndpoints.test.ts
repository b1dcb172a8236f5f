// Chain terminals follow roleChains.endpoints.*: the variables current AWS CLIs and SDKs read, and a config file for
// path-style addressing that holds nothing secret.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runChain } from '../../src/core/aws';
import { SHADOWING_ENV_VARS, startCredentialServer, terminalEnv, toContainerCredentials, type CredentialServer } from '../../src/core/credentialServer';
import type { Session } from '../../src/core/session';
import { PATH_STYLE_CONFIG, prepareTerminalEndpointEnv, terminalEndpointEnv } from '../../src/core/terminalEndpoints';
import { SEED, startLocalAws, type LocalAws } from '../localAws';
import { awsCliVersion, endpointAwareAwsCli, runAwsCli } from '../support/awsCli';
import { scriptedPrompts, seedBaseCredentials, seedChain } from '../support/chainFixtures';
import { skipBecause } from '../support/skip';

describe('terminal endpoints', () => {
  const file = '/private/storage/terminal-aws-config';

  it('adds nothing when no endpoint is set (AWS defaults, and the hidden config path stays)', () => {
    assert.deepEqual(terminalEndpointEnv({}, file), {});
    assert.deepEqual(terminalEndpointEnv({ forcePathStyle: true }, file), {});
  });

  it('names each service endpoint; path-style points the config at the generated file', () => {
    assert.deepEqual(terminalEndpointEnv({ sts: 'http://127.0.0.1:4566', s3: 'http://localhost:9000', forcePathStyle: true }, file), {
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_S3: 'http://localhost:9000',
      AWS_CONFIG_FILE: file,
    });
    assert.deepEqual(terminalEndpointEnv({ s3: 'https://s3.example.test' }, file), { AWS_ENDPOINT_URL_S3: 'https://s3.example.test' });
    assert.deepEqual(terminalEndpointEnv({ sts: 'https://sts.example.test', forcePathStyle: true }, file), { AWS_ENDPOINT_URL_STS: 'https://sts.example.test' });
  });

  it('writes the path-style file (owner-only, replacing whatever was there) with no key, token or profile', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-term-'));
    try {
      const target = path.join(dir, 'storage', 'terminal-aws-config');
      fs.mkdirSync(path.dirname(target));
      fs.writeFileSync(target, '[default]\naws_access_key_id = PLANTED\n');
      const env = prepareTerminalEndpointEnv({ s3: 'http://127.0.0.1:1', forcePathStyle: true }, target);
      assert.equal(env.AWS_CONFIG_FILE, target);
      const text = fs.readFileSync(target, 'utf8');
      assert.equal(text, PATH_STYLE_CONFIG);
      assert.match(text, /^\[default\]\ns3 =\n\s+addressing_style = path$/m);
      assert.doesNotMatch(text, /aws_access_key_id|aws_secret_access_key|aws_session_token|credential_process|source_profile|role_arn|PLANTED/);
      assert.equal(fs.statSync(target).mode & 0o077, 0, 'readable by others');
      const untouched = path.join(dir, 'not-written');
      prepareTerminalEndpointEnv({ s3: 'http://127.0.0.1:1' }, untouched);
      assert.ok(!fs.existsSync(untouched), 'a file was written although path-style is off');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('terminal endpoints with a real AWS CLI', function () {
  this.timeout(120_000);
  let aws: LocalAws;
  let server: CredentialServer;
  let session: Session;
  let dir: string;

  before(async () => {
    aws = await startLocalAws();
    session = await runChain(seedChain(2, 'seed'), {
      prompts: scriptedPrompts(() => aws.mfaCode(SEED.developerName)),
      endpoints: { sts: aws.endpoint },
      baseCredentials: seedBaseCredentials(),
    });
    server = await startCredentialServer({ getCredentials: async ({ stepIndex }) => toContainerCredentials(session.steps[stepIndex]!.credentials) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-term-cli-'));
  });
  after(async () => {
    await server?.close();
    await aws?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A chain terminal's environment for step 2, built by the same functions the extension uses. */
  const terminal = (s3Endpoint: string): Record<string, string | null> => ({
    ...Object.fromEntries(SHADOWING_ENV_VARS.map((v) => [v, null])),
    ...terminalEnv(server, server.issueToken('seed', 1), SEED.region, { hideSharedFilesAt: path.join(dir, 'absent') }),
    ...prepareTerminalEndpointEnv({ sts: aws.endpoint, s3: s3Endpoint, forcePathStyle: true }, path.join(dir, 'terminal-aws-config')),
  });

  it('aws sts get-caller-identity and aws s3 ls reach the local endpoint from the variables alone (a CLI that reads them)', async function () {
    const found = await endpointAwareAwsCli();
    if (!found) {
      skipBecause(this, `no AWS CLI that reads AWS_ENDPOINT_URL_* is installed; /usr/bin/aws is ${(await awsCliVersion('/usr/bin/aws'))?.join('.') ?? 'missing'}`);
    }
    // "localhost", not 127.0.0.1: a host name, as S3-compatible stores have, read with the generated path-style config.
    const env = terminal(aws.endpoint.replace('127.0.0.1', 'localhost'));
    aws.clearRequestLog();
    const identity = await runAwsCli(found.cli, ['sts', 'get-caller-identity', '--output', 'json'], env);
    assert.equal(identity.code, 0, `${found.cli} ${found.version}: ${identity.stderr}`);
    assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, session.steps[1]?.assumedRoleArn);
    const listing = await runAwsCli(found.cli, ['s3', 'ls', `s3://${SEED.bucket2}/`], env);
    assert.equal(listing.code, 0, `${found.cli} ${found.version}: ${listing.stderr}`);
    const log = aws.requestLog();
    assert.ok(log.some((e) => e.service === 'sts' && e.operation === 'GetCallerIdentity' && e.status === 200));
    assert.ok(log.some((e) => e.service === 's3' && e.bucket === SEED.bucket2 && e.status === 200 && e.principal === session.steps[1]?.assumedRoleArn));
  });

  it("Debian's awscli v2 (older than the variables) reaches it with their values as --endpoint-url", async () => {
    const env = terminal(aws.endpoint);
    aws.clearRequestLog();
    const identity = await runAwsCli('/usr/bin/aws', ['sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', String(env.AWS_ENDPOINT_URL_STS)], env);
    assert.equal(identity.code, 0, identity.stderr);
    const listing = await runAwsCli('/usr/bin/aws', ['s3', 'ls', `s3://${SEED.bucket2}/`, '--endpoint-url', String(env.AWS_ENDPOINT_URL_S3)], env);
    assert.equal(listing.code, 0, listing.stderr);
    assert.ok(aws.requestLog().some((e) => e.service === 's3' && e.bucket === SEED.bucket2 && e.status === 200));
  });
});
