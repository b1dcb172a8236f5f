// Last flow of the run: every secret the local endpoints issued or received during the whole run (secret keys,
// session tokens, ExternalIds, MFA codes) is looked for in everything the editors left on disk — user data with its
// trace-level logs, globalStorage and workspaceStorage, the workspaces, the editors' HOME and XDG folders, their
// temporary folders (where the extension stages dropped files) — and in the browser's storage. None may be found.
// Planted values first prove the scan finds what it looks for, in each way it looks.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dumpBrowserStorage } from '../harness/browserStorage';
import { describeHits, scanFiles, scanTexts, type Secret } from '../harness/secretScan';
import { e2e } from './context';

/** Every regular file under `root` (bounded), for checking what the scan covers. */
function filesUnder(root: string, limit = 20_000): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const dir = stack.pop() as string;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) out.push(full);
    }
  }
  return out;
}

describe('secret scan of everything the run left behind (files and browser storage)', function () {
  this.timeout(120_000);
  let secrets: Secret[];
  let userData: string;

  before(() => {
    const ctx = e2e();
    assert.ok(ctx.userDataDir && ctx.extraSecrets, 'run through test/harness/runE2e.ts');
    userData = ctx.userDataDir;
    secrets = [...ctx.aws.seenSecrets(), ...ctx.extraSecrets];
  });

  it('has secrets of every kind to look for, from the whole run', () => {
    const kinds = new Set(secrets.map((s) => s.kind));
    // The Identity Center flow's tokens too: the AWS CLI would have written them to ~/.aws/sso/cache (in HOME, scanned).
    assert.deepEqual([...kinds].sort(), ['externalId', 'mfaCode', 'secretAccessKey', 'sessionToken', 'ssoAccessToken', 'ssoClientSecret', 'ssoDeviceCode', 'ssoRefreshToken']);
    assert.ok(secrets.filter((s) => s.kind === 'sessionToken').length >= 4, 'fewer sessions than the flows signed in');
  });

  it('covers the user data (trace-level logs, workspaceStorage, settings), the workspaces, HOME, XDG and temporary folders', () => {
    const roots = e2e().scanRoots;
    const editorDir = path.dirname(userData);
    assert.ok(roots.includes(editorDir), "the editor's folder (user data, HOME, XDG folders) is not scanned");
    for (const sub of ['home', 'xdg-config', 'xdg-data', 'xdg-cache', 'user-data']) assert.ok(fs.existsSync(path.join(editorDir, sub)), `${sub} is missing`);
    assert.ok(roots.some((r) => r.endsWith(`${path.sep}editor-tmp`)), "the editor's temporary folder (TMPDIR) is not scanned");
    const files = roots.flatMap((r) => filesUnder(r));
    if (process.env.E2E_DEBUG_SCAN) for (const f of files) console.log('SCAN', f);
    const has = (part: string) => files.some((f) => f.includes(part));
    assert.ok(has(`${path.sep}User${path.sep}workspaceStorage${path.sep}`), 'no workspaceStorage file is scanned');
    assert.ok(has(`${path.sep}User${path.sep}settings.json`) && has(`${path.sep}.vscode${path.sep}settings.json`), 'the settings are not scanned');
    assert.ok(has(`${path.sep}logs${path.sep}`), 'no log file is scanned');
    const ownLogs = files.filter((f) => /AWS Role Chains\.log$/.test(f));
    assert.ok(ownLogs.length > 0, "the extension's log is not scanned");
    // LOG_LEVEL=trace: the extension host logs at trace level, so its debug lines are there to be scanned.
    assert.ok(ownLogs.some((f) => /\[(trace|debug)\]/.test(fs.readFileSync(f, 'utf8'))), "the extension's log has no trace or debug line");
  });

  it('finds a planted secret (a session token in a log file, an MFA code in the extension log, a token in browser text), then no longer once removed', () => {
    const token = secrets.find((s) => s.kind === 'sessionToken');
    const code = secrets.find((s) => s.kind === 'mfaCode');
    assert.ok(token && code);
    const logs = path.join(userData, 'logs');
    const plantedToken = path.join(logs, 'planted-control.log');
    const plantedCode = path.join(logs, 'AWS Role Chains planted-control.log');
    fs.writeFileSync(plantedToken, `credentials: ${token.value}\n`);
    fs.writeFileSync(plantedCode, `code ${code.value} typed\n`);
    try {
      const found = scanFiles(e2e().scanRoots, [token, code]).hits;
      assert.ok(found.some((h) => h.where === plantedToken && h.kind === 'sessionToken'), 'the planted session token was not found');
      assert.ok(found.some((h) => h.where === plantedCode && h.kind === 'mfaCode'), 'the planted MFA code was not found');
    } finally {
      fs.rmSync(plantedToken, { force: true });
      fs.rmSync(plantedCode, { force: true });
    }
    const after = scanFiles(e2e().scanRoots, [token, code]).hits.filter((h) => h.where === plantedToken || h.where === plantedCode);
    assert.deepEqual(after, []);
    assert.deepEqual(scanTexts([{ where: 'planted', text: `{"value":"${token.value}"}` }], [token]), [{ where: 'planted', kind: 'sessionToken' }]);
  });

  it('finds none of them in any file the editors wrote', () => {
    const result = scanFiles(e2e().scanRoots, secrets);
    assert.ok(result.filesScanned > 50, `only ${result.filesScanned} files scanned`);
    assert.deepEqual(result.hits, [], describeHits(result.hits));
    console.log(`      ${result.filesScanned} files scanned for ${new Set(secrets.map((s) => s.value)).size} secrets`);
  });

  it("finds none of them in the browser's storage (IndexedDB and localStorage) while a session is signed in", async () => {
    const dump = await dumpBrowserStorage(e2e().page);
    assert.ok('secrets.provider' in dump.localStorage || dump.indexedDb.length > 0, 'nothing read from the browser storage');
    const texts = [...dump.indexedDb, ...Object.entries(dump.localStorage).map(([k, v]) => ({ where: `localStorage ${k}`, text: v }))];
    if (process.env.E2E_DEBUG_SCAN) for (const t of texts) console.log('STORE', t.where, t.text.length);
    const hits = scanTexts(texts, secrets);
    assert.deepEqual(hits, [], describeHits(hits));
  });
});
