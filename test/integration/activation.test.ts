// The extension is found and activates in a real VS Code. An engine newer than the editor makes an unpacked
// extension silently not load, so this is the first thing the suite checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skipBecause } from '../support/skip';
import { EXTENSION_ID, testingApi } from './support';

interface PerfMark {
  name: string;
  startTime: number;
}

/** VS Code's own performance marks (vs/base/common/performance), present in the extension host of 1.100. */
function perfMarks(): PerfMark[] | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks;
  return marks?.getMarks();
}

describe('activation', () => {
  it('finds the extension by its id, on the engine this editor runs', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded: check engines.vscode (must be ^1.100.0) and the development path`);
    assert.equal(ext.packageJSON.publisher, 'role-chains');
    assert.match(String(ext.packageJSON.engines?.vscode), /^\^1\.100\./);
  });

  it('activates and, with ROLE_CHAINS_TESTING=1, returns the testing API', async () => {
    const api = await testingApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(typeof api.setPromptsForTesting, 'function');
    assert.ok(Array.isArray(api.sessions.list()));
  });

  it('reports its activation time from the extension host performance marks', function () {
    const marks = perfMarks();
    if (!marks) skipBecause(this, "this editor build exposes no MonacoPerformanceMarks; the e2e layer reads Show Running Extensions instead");
    const at = (prefix: string) => marks.find((m) => m.name === `code/extHost/${prefix}/${EXTENSION_ID}`)?.startTime;
    const will = at('willActivateExtension');
    const did = at('didActivateExtension');
    assert.ok(will !== undefined && did !== undefined, 'no activation marks for the extension');
    assert.ok(did >= will, 'didActivate before willActivate');
    console.log(`    activation time (activate() only, code loading excluded): ${did - will} ms`);
  });
});
