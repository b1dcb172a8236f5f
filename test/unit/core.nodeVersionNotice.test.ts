// The SDK's Node-version notice is switched off through the SDK's own environment variable, only while our first
// client is built: the process environment is left as it was.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NODE_VERSION_NOTICE_SWITCH, withoutNodeVersionNotice } from '../../src/core/aws/nodeVersionNotice';
import { skipBecause } from '../support/skip';

const root = path.resolve(__dirname, '..', '..', '..');
const NOTICE = /NodeVersionSupportWarning/;

/** Runs `script` in a fresh Node process (the notice is once per process) and returns its stderr. */
function stderrOf(script: string): string {
  const env = { ...process.env };
  delete env[NODE_VERSION_NOTICE_SWITCH];
  return spawnSync(process.execPath, ['-e', script], { cwd: root, env, encoding: 'utf8', timeout: 60_000 }).stderr;
}

describe('SDK Node-version notice', () => {
  const major = Number(process.versions.node.split('.')[0]);

  it('is shown by the SDK on this Node without the switch (so the next test can fail)', function () {
    if (major >= 22) skipBecause(this, `Node ${process.versions.node}: the pinned SDK shows its notice only below Node 22`);
    assert.match(stderrOf("new (require('@aws-sdk/client-s3').S3Client)({ region: 'us-east-1' })"), NOTICE);
  });

  it('is not shown once the extension loads its AWS code, and the environment is unchanged afterwards', () => {
    const script = [
      "require('./out/src/core/aws/index.js');",
      "new (require('@aws-sdk/client-s3').S3Client)({ region: 'us-east-1' });",
      "new (require('@aws-sdk/client-sts').STSClient)({ region: 'us-east-1' });",
      `if ('${NODE_VERSION_NOTICE_SWITCH}' in process.env) { console.error('switch left set'); process.exitCode = 3; }`,
    ].join('\n');
    const stderr = stderrOf(script);
    assert.doesNotMatch(stderr, NOTICE);
    assert.doesNotMatch(stderr, /switch left set/);
  });

  it('restores a value the person set themselves', () => {
    const env: NodeJS.ProcessEnv = { [NODE_VERSION_NOTICE_SWITCH]: 'false' };
    assert.equal(withoutNodeVersionNotice(() => env[NODE_VERSION_NOTICE_SWITCH], env), 'true');
    assert.equal(env[NODE_VERSION_NOTICE_SWITCH], 'false');
  });
});
