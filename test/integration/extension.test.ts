// The extension is found and activates in a real VS Code. An engine newer than the editor makes an unpacked
// extension silently not load, so this is the first thing every suite checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'role-chains.aws-role-chains';

describe('extension', () => {
  it('is found by its id', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded: check engines.vscode (must be ^1.100.0) and the development path`);
    assert.equal(ext.packageJSON.publisher, 'role-chains');
  });
});
