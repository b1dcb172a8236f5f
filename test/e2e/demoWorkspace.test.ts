// The sample workspace the demo opens (and the e2e flows use) holds the seed scenario's two-step chain, so what
// the README shows and what `npm start` opens stay the same chain the local endpoint trusts.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/paths';
import { demoChain } from '../harness/seedChains';
import { SEED } from '../localAws/scenario';

describe('demo workspace', () => {
  const dir = path.join(repoRoot, 'test', 'demo', 'workspace');

  it("holds the seed scenario's two-step chain, pinning the bucket its final role writes, and no secret or endpoint", () => {
    const settings = JSON.parse(fs.readFileSync(path.join(dir, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings['roleChains.chains'], [demoChain()]);
    assert.deepEqual((demoChain().s3 as { buckets: string[] }).buckets, [SEED.bucket2]);
    assert.deepEqual(Object.keys(settings), ['roleChains.chains'], 'endpoints and credentials belong in user settings and the environment');
  });

  it('its README names the bucket to upload to', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`Upload to \`${SEED.bucket2}\``));
    assert.match(readme, new RegExp(`aws s3 ls s3://${SEED.bucket2}/`));
  });
});
