// The sample workspace the demo opens (and the e2e flows use) holds the seed scenario's two-step chain, so what
// the README shows and what `npm start` opens stay the same chain the local endpoint trusts.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/paths';
import { twoStepChain } from '../harness/seedChains';

describe('demo workspace', () => {
  it("holds the seed scenario's two-step chain and no secret or endpoint", () => {
    const file = path.join(repoRoot, 'test', 'demo', 'workspace', '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings['roleChains.chains'], [twoStepChain()]);
    assert.deepEqual(Object.keys(settings), ['roleChains.chains'], 'endpoints and credentials belong in user settings and the environment');
  });
});
