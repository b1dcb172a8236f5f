// The `aws` shim of chain terminals, run by /bin/sh in front of stand-in CLIs that report a version and record the
// arguments they were given: --endpoint-url is added for CLIs that ignore AWS_ENDPOINT_URL_<SERVICE> only.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shimmedPath, writeCliShim } from '../../src/ui/terminal/cliShim';

const S3 = 'http://127.0.0.1:4566';
const STS = 'http://127.0.0.1:4567';

describe('chain terminals: the aws shim for CLIs that ignore the endpoint variables', function () {
  if (process.platform === 'win32') return;
  let temp: string;
  let shim: string;

  /** A folder with an `aws` that says it is `version` and writes its arguments, one a line, to <folder>/args. */
  const fakeCli = (name: string, version: string): string => {
    const dir = path.join(temp, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'aws'),
      [
        '#!/bin/sh',
        `if [ "$1" = --version ]; then echo x >> '${dir}/version-asked'; echo 'aws-cli/${version} Python/3.11.2 Linux/6 source/x86_64'; exit 0; fi`,
        `: > '${dir}/args'`,
        `for a in "$@"; do printf '%s\\n' "$a" >> '${dir}/args'; done`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return dir;
  };
  const run = (cliDir: string, args: string[], env: Record<string, string> = {}): { code: number | null; args: string[]; stderr: string } => {
    const argsFile = path.join(cliDir, 'args');
    fs.rmSync(argsFile, { force: true });
    const r = spawnSync('aws', args, {
      env: { PATH: `${shim}${path.delimiter}${cliDir}${path.delimiter}/usr/bin${path.delimiter}/bin`, AWS_ENDPOINT_URL_S3: S3, AWS_ENDPOINT_URL_STS: STS, ...env },
      encoding: 'utf8',
    });
    const recorded = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8').split('\n').filter((l) => l !== '') : [];
    return { code: r.status, args: recorded, stderr: r.stderr };
  };

  beforeEach(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-shim-'));
    shim = writeCliShim(path.join(temp, 'terminal bin'));
  });
  afterEach(() => fs.rmSync(temp, { recursive: true, force: true }));

  it("adds the service's endpoint to s3, s3api and sts commands of a CLI before 2.13 (v1: 1.29), after global options too", () => {
    for (const [name, version] of [['debian', '2.9.19'], ['v1-old', '1.28.9']] as const) {
      const cli = fakeCli(name, version);
      assert.deepEqual(run(cli, ['s3', 'ls', 's3://bucket2/']).args, ['--endpoint-url', S3, 's3', 'ls', 's3://bucket2/'], version);
      assert.deepEqual(run(cli, ['--profile', 'sts', 's3api', 'list-buckets']).args, ['--endpoint-url', S3, '--profile', 'sts', 's3api', 'list-buckets']);
      assert.deepEqual(run(cli, ['--output', 'json', 'sts', 'get-caller-identity']).args, ['--endpoint-url', STS, '--output', 'json', 'sts', 'get-caller-identity']);
    }
  });

  it('leaves the command line alone for a CLI that reads the variables itself', () => {
    for (const [name, version] of [['v2-new', '2.13.0'], ['v2-latest', '2.31.4'], ['v1-new', '1.29.0'], ['v1-pyenv', '1.45.11']] as const) {
      const cli = fakeCli(name, version);
      assert.deepEqual(run(cli, ['s3', 'ls']).args, ['s3', 'ls'], version);
      assert.deepEqual(run(cli, ['sts', 'get-caller-identity']).args, ['sts', 'get-caller-identity'], version);
    }
  });

  it('leaves alone an explicit --endpoint-url, other services, a missing variable and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', () => {
    const cli = fakeCli('debian', '2.9.19');
    assert.deepEqual(run(cli, ['s3', 'ls', '--endpoint-url', 'http://elsewhere:9000']).args, ['s3', 'ls', '--endpoint-url', 'http://elsewhere:9000']);
    assert.deepEqual(run(cli, ['s3', 'ls', '--endpoint-url=http://elsewhere:9000']).args, ['s3', 'ls', '--endpoint-url=http://elsewhere:9000']);
    assert.deepEqual(run(cli, ['ec2', 'describe-regions']).args, ['ec2', 'describe-regions']);
    assert.deepEqual(run(cli, ['s3', 'ls'], { AWS_ENDPOINT_URL_S3: '' }).args, ['s3', 'ls']);
    assert.deepEqual(run(cli, ['s3', 'ls'], { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }).args, ['s3', 'ls']);
  });

  it('asks the CLI its version once, and again after the shim is written anew (a new window)', () => {
    const cli = fakeCli('debian', '2.9.19');
    run(cli, ['s3', 'ls']);
    run(cli, ['sts', 'get-caller-identity']);
    run(cli, ['s3', 'ls']);
    assert.equal(fs.readFileSync(path.join(cli, 'version-asked'), 'utf8'), 'x\n');
    writeCliShim(shim);
    run(cli, ['s3', 'ls']);
    assert.equal(fs.readFileSync(path.join(cli, 'version-asked'), 'utf8'), 'x\nx\n');
  });

  it('passes arguments with spaces and quotes through intact, and says so when no CLI follows it on PATH', () => {
    const cli = fakeCli('debian', '2.9.19');
    assert.deepEqual(run(cli, ['s3', 'cp', "it's a file.txt", 's3://bucket2/a b/']).args, ['--endpoint-url', S3, 's3', 'cp', "it's a file.txt", 's3://bucket2/a b/']);
    const none = spawnSync(path.join(shim, 'aws'), ['s3', 'ls'], { env: { PATH: shim }, encoding: 'utf8' });
    assert.equal(none.status, 127);
    assert.match(none.stderr, /no AWS CLI found on PATH/);
  });

  it('is put first on PATH only when an endpoint variable it serves is set; the folder and script are private', () => {
    assert.equal(shimmedPath({}, shim, '/usr/bin:/bin'), undefined);
    assert.equal(shimmedPath({ AWS_REGION: 'eu-west-1' }, shim, '/usr/bin:/bin'), undefined);
    assert.equal(shimmedPath({ AWS_ENDPOINT_URL_STS: STS }, shim, '/usr/bin:/bin'), `${shim}:/usr/bin:/bin`);
    assert.equal(fs.statSync(shim).mode & 0o077, 0);
    assert.equal(fs.statSync(path.join(shim, 'aws')).mode & 0o077, 0);
  });
});
