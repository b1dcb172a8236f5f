// Endpoint settings and plain http: STS answers with new secret keys and the federation request carries the
// session's secret key in its URL, so neither may go over http unless it stays on this machine. S3 over http is
// allowed (local stores) but its host is reported, for a warning.
import assert from 'node:assert/strict';
import { consoleSignInUrl, runChain } from '../../src/core/aws';
import { parseEndpoints, plainHttpHost } from '../../src/core/endpoints';
import type { RoleChainError } from '../../src/core/errors';
import type { Session } from '../../src/core/session';
import { scriptedPrompts, seedChain } from '../support/chainFixtures';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const session: Session = {
  chainName: 'c',
  createdAt: NOW,
  expiresAt: NOW + 3_600_000,
  steps: [
    {
      index: 0,
      roleArn: 'arn:aws:iam::123456789012:role/R',
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/R/s',
      assumedRoleId: 'AROAEXAMPLE:s',
      account: '123456789012',
      sessionName: 's',
      requestedDurationSeconds: 3600,
      expiresAt: NOW + 3_600_000,
      region: 'us-east-1',
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secretsecretsecret', sessionToken: 'tokentokentoken', expiration: NOW + 3_600_000 },
    },
  ],
};

describe('endpoints over plain http', () => {
  for (const url of ['http://sts.example.com', 'http://10.0.0.5:4566', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io']) {
    it(`refuses ${url} for STS, naming the setting`, () => {
      const { endpoints, problems } = parseEndpoints({ sts: url });
      assert.equal(endpoints.sts, undefined, 'the http endpoint is used');
      assert.equal(problems.length, 1);
      assert.match(problems[0]?.message ?? '', /^roleChains\.endpoints\.sts: .*https/);
    });
  }

  for (const url of ['http://127.0.0.1:4566', 'http://127.8.9.1', 'http://localhost:4566', 'http://[::1]:4566', 'https://sts.example.com']) {
    it(`accepts ${url} for STS`, () => assert.deepEqual(parseEndpoints({ sts: url }), { endpoints: { sts: url }, problems: [] }));
  }

  it('runChain refuses an http STS endpoint off this machine before any request', async () => {
    let asked = 0;
    const error = await runChain(seedChain(1), {
      prompts: scriptedPrompts(() => '000000'),
      endpoints: { sts: 'http://sts.example.com' },
      baseCredentials: () => {
        asked++;
        return Promise.reject(new Error('not reached'));
      },
    }).then(
      () => assert.fail('ran'),
      (e: unknown) => e as RoleChainError,
    );
    assert.equal(error.kind, 'validation');
    assert.match(error.message, /roleChains\.endpoints\.sts: .*https/);
    assert.equal(asked, 0);
  });

  it('the console sign-in refuses an http federation endpoint off this machine before any request', async () => {
    const calls: string[] = [];
    const fetchSpy = ((url: string) => {
      calls.push(url);
      return Promise.reject(new Error('not reached'));
    }) as unknown as typeof fetch;
    const error = await consoleSignInUrl(session, 0, { federationEndpoint: 'http://signin.example.com', fetch: fetchSpy, clock: { now: () => NOW } }).then(
      () => assert.fail('signed in'),
      (e: unknown) => e as RoleChainError,
    );
    assert.match(error.message, /federation endpoint: .*https/);
    assert.deepEqual(calls, []);
  });

  it('S3 over http is accepted; a host off this machine is named for the warning', () => {
    assert.deepEqual(parseEndpoints({ s3: 'http://minio.lan:9000' }).problems, []);
    assert.equal(plainHttpHost('http://minio.lan:9000'), 'minio.lan:9000');
    assert.equal(plainHttpHost('http://127.0.0.1:9000'), undefined);
    assert.equal(plainHttpHost('http://localhost:9000'), undefined);
    assert.equal(plainHttpHost('https://minio.lan'), undefined);
  });
});
