// The S3 view and its commands inside the real extension host, against the local endpoint's seed scenario: the chain
// prod-deploy's final step (RoleB: bucket2 only, may not list buckets, bucket2 refuses unencrypted writes) and its
// step 1 (RoleA: bucket1, may list buckets). Dialogs, picks and confirmations are answered through the testing API;
// every command is run through executeCommand and its effect checked in S3 (rows listed by the extension, the
// endpoint's request log, downloaded bytes, a fetched presigned URL).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { S3TreeRow } from '../../src/ui/s3';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { SEED } from '../localAws/scenario';
import { TWO_STEP } from '../harness/seedChains';
import { ScriptedUi } from './scriptedUi';
import { EXTENSION_ID, control, resetState, seedPrompts, signIn, testingApi, waitFor } from './support';

const STEP1 = { chainName: TWO_STEP, stepIndex: 0 } as const;
const FINAL = { chainName: TWO_STEP, stepIndex: 1 } as const;
const STEP1_ROOT = `${TWO_STEP} · step 1`;
/** Keys of this run live under their own top-level folder: the endpoint lives as long as the whole suite. */
const RUN = `it-${Date.now().toString(36)}`;

describe('S3 view and commands', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  let ui: ScriptedUi;
  let local: string;
  const invoked = new Set<string>();
  const exec = <T = unknown>(id: string, ...args: unknown[]): Thenable<T> => {
    invoked.add(id);
    return vscode.commands.executeCommand<T>(id, ...args);
  };
  const rows = () => api.s3.treeRows({ maxDepth: 8 });
  const at = (ref: { bucket: string }, prefix: string) => ({ ...STEP1, bucket: ref.bucket, prefix });
  const bucket1 = (prefix = `${RUN}/`) => at({ bucket: SEED.bucket1 }, prefix);
  const file = (name: string, content: string | Buffer): vscode.Uri => {
    const p = path.join(local, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return vscode.Uri.file(p);
  };
  const s3Requests = async (operation: string) => (await control.requestLog()).filter((e) => e.service === 's3' && e.operation === operation);

  before(async () => {
    api = await testingApi();
    await resetState(api);
    local = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-it-s3-'));
    await signIn(api, TWO_STEP);
    await vscode.commands.executeCommand('roleChains.s3.focus');
  });
  beforeEach(() => {
    ui = new ScriptedUi();
    api.s3.setUiForTesting(ui.api());
  });
  afterEach(() => api.s3.setUiForTesting(undefined));
  after(async () => {
    api.s3.setUiForTesting(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetState(api);
    fs.rmSync(local, { recursive: true, force: true });
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) fs.rmSync(path.join(folder.uri.fsPath, `.${RUN}`), { recursive: true, force: true });
  });

  it("shows the chain's final step as a root; RoleB may not list buckets, so the root explains and offers Add Bucket by Name", async () => {
    const all = await rows();
    const root = all.find((r) => r.depth === 0 && r.label === TWO_STEP);
    assert.ok(root, `no root for ${TWO_STEP}: ${JSON.stringify(all.map((r) => r.label))}`);
    assert.equal(root.contextValue, 's3Root');
    assert.match(root.description, /RoleB · 333333333333 · \d+ min left/);
    const denied = childrenOf(all, root).find((r) => r.contextValue === 's3Message');
    assert.ok(denied, 'no explanatory row under the root');
    assert.equal(denied.label, 'Add Bucket by Name…');
    assert.equal(denied.command, 'roleChains.s3.addBucket');
    assert.match(denied.tooltip, /ListAllMyBuckets/);
    const listed = await s3Requests('ListBuckets');
    assert.ok(listed.some((e) => e.status === 403 && /assumed-role\/RoleB\//.test(e.principal ?? '')), 'ListBuckets was not tried as RoleB');
  });

  it("pins the chain's s3.buckets under its root, so a role that may not list buckets still reaches them", async () => {
    const config = () => vscode.workspace.getConfiguration('roleChains');
    const original = config().inspect<Array<Record<string, unknown>>>('chains')?.workspaceValue;
    assert.ok(Array.isArray(original));
    const pinned = original.map((c) => (c.name === TWO_STEP ? { ...c, s3: { buckets: [SEED.bucket2] } } : c));
    try {
      await config().update('chains', pinned, vscode.ConfigurationTarget.Workspace);
      const all = await rows();
      const bucket = rowAt(all, [TWO_STEP, SEED.bucket2]);
      assert.equal(bucket?.contextValue, 's3Bucket');
      assert.equal(bucket?.description, 'pinned');
      const children = childrenOf(all, bucket);
      // A listed bucket always has a row beneath it (objects, Empty or the error): none means it was never listed.
      assert.ok(children.length > 0, 'the pinned bucket was not listed');
      assert.ok(children.every((r) => r.label !== 'Could not list'), 'RoleB could not list its pinned bucket');
    } finally {
      await config().update('chains', original, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal(rowAt(await rows(), [TWO_STEP, SEED.bucket2]), undefined, 'the pin outlived the setting');
  });

  it('browseAsStep: step 1 (RoleA) becomes a root listing its buckets', async () => {
    await control.clearRequestLog();
    await exec('roleChains.s3.browseAsStep', { chainName: TWO_STEP, stepIndex: 0, roleArn: SEED.roleA });
    const all = await rows();
    const root = all.find((r) => r.depth === 0 && r.label === STEP1_ROOT);
    assert.ok(root, 'the step root is missing');
    assert.equal(root.contextValue, 's3Root.step');
    const bucket = childrenOf(all, root).find((r) => r.label === SEED.bucket1);
    assert.equal(bucket?.contextValue, 's3Bucket', 'bucket1 is not listed under the step root');
    const listed = await s3Requests('ListBuckets');
    assert.ok(listed.some((e) => e.status === 200 && /assumed-role\/RoleA\//.test(e.principal ?? '')), 'ListBuckets was not sent as RoleA');
  });

  it('addBucket: a bad name is refused with the validator message and sends nothing; a good one appears under the root', async () => {
    ui.inputAnswers = ['Bucket_2'];
    await control.clearRequestLog();
    await exec('roleChains.s3.addBucket', FINAL);
    assert.match(ui.rejected[0] ?? '', /lowercase/);
    assert.deepEqual(await control.requestLog(), [], 'a request was sent for an invalid bucket name');

    ui.inputAnswers = [SEED.bucket2];
    await exec('roleChains.s3.addBucket', FINAL);
    const all = await rows();
    const root = all.find((r) => r.depth === 0 && r.label === TWO_STEP);
    assert.ok(root);
    const added = childrenOf(all, root).find((r) => r.label === SEED.bucket2);
    assert.equal(added?.contextValue, 's3Bucket.added');
  });

  it('uploadFiles: files picked in the open dialog land under the folder, with one progress notification for the batch', async () => {
    const a = file('a.txt', 'alpha\n');
    const b = file('b.json', '{"b":2}\n');
    ui.openAnswers = [[a, b]];
    await control.clearRequestLog();
    await exec('roleChains.s3.uploadFiles', bucket1());

    const puts = await s3Requests('PutObject');
    assert.deepEqual(puts.map((e) => `${e.status} ${e.key}`).sort(), [`200 ${RUN}/a.txt`, `200 ${RUN}/b.json`]);
    assert.ok(puts.every((e) => /assumed-role\/RoleA\//.test(e.principal ?? '')), "not written with step 1's session");
    assert.equal(ui.progress.length, 1, 'one progress notification for the batch');
    const reports = ui.progress[0]?.reports ?? [];
    const total = reports.reduce((n, r) => n + (r.increment ?? 0), 0);
    assert.ok(Math.abs(total - 100) < 0.01, `increments add up to ${total}`);
    assert.match(reports[reports.length - 1]?.message ?? '', /^2\/2 files · .* \(100%\)$/);
    assert.match(ui.lastNotice()?.message ?? '', new RegExp(`Uploaded 2 files to s3://bucket1/${RUN}/`));
    assert.deepEqual(ui.lastNotice()?.actions, ['Copy S3 URI']);

    const listed = labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN]);
    assert.deepEqual(listed, ['a.txt', 'b.json']);
  });

  it('uploadFiles: an existing key asks first; Skip keeps it, Overwrite replaces it', async () => {
    const a = file('a.txt', 'alpha, second version\n');
    ui.openAnswers = [[a], [a]];
    ui.overwriteAnswers = ['skip', 'overwrite'];
    await control.clearRequestLog();
    await exec('roleChains.s3.uploadFiles', bucket1());
    assert.deepEqual(ui.overwrites, [`s3://bucket1/${RUN}/a.txt`]);
    assert.equal((await s3Requests('PutObject')).length, 0, 'a skipped file was uploaded');
    assert.match(ui.lastNotice()?.message ?? '', /1 existing object kept/);

    await exec('roleChains.s3.uploadFiles', bucket1());
    assert.equal(ui.overwrites.length, 2);
    assert.equal((await s3Requests('PutObject')).filter((e) => e.status === 200).length, 1);
  });

  it('uploadFolder: a folder goes up recursively with keys relative to it', async () => {
    file('tree/top.txt', 'top\n');
    file('tree/nested/deep/leaf.md', '# leaf\n');
    ui.openAnswers = [[vscode.Uri.file(path.join(local, 'tree'))]];
    await exec('roleChains.s3.uploadFolder', bucket1());
    const all = await rows();
    assert.deepEqual(labelsUnder(all, [STEP1_ROOT, SEED.bucket1, RUN, 'tree']), ['nested', 'top.txt']);
    assert.deepEqual(labelsUnder(all, [STEP1_ROOT, SEED.bucket1, RUN, 'tree', 'nested', 'deep']), ['leaf.md']);
  });

  it('upload (Explorer, multi-select): picks the session, the bucket and the prefix, and remembers the prefix', async () => {
    const one = file('explorer/one.txt', 'one\n');
    const two = file('explorer/two.txt', 'two\n');
    ui.pickAnswers = [STEP1_ROOT, SEED.bucket1];
    ui.inputAnswers = [`${RUN}/explorer`];
    await exec('roleChains.s3.upload', one, [one, two]);
    assert.deepEqual(ui.picks[0]?.labels.sort(), [TWO_STEP, STEP1_ROOT].sort(), 'the session pick');
    assert.ok(ui.picks[1]?.labels.includes(SEED.bucket1), `bucket pick: ${ui.picks[1]?.labels.join(', ')}`);
    assert.deepEqual(labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN, 'explorer']), ['one.txt', 'two.txt']);

    // The next upload to the bucket offers the prefix used last.
    ui.pickAnswers = [STEP1_ROOT, SEED.bucket1];
    ui.inputAnswers = [];
    await exec('roleChains.s3.upload', one, [one]);
    assert.equal(ui.inputs[1]?.value, `${RUN}/explorer/`);
  });

  it('upload: cancelling the progress stops the batch; nothing is uploaded and Retry is offered', async () => {
    const files = [file('cancel/x1.txt', 'x1'), file('cancel/x2.txt', 'x2')];
    ui.openAnswers = [files];
    ui.cancelWhen = () => true;
    await control.clearRequestLog();
    await exec('roleChains.s3.uploadFiles', bucket1(`${RUN}/cancelled/`));
    assert.equal((await s3Requests('PutObject')).length, 0);
    assert.match(ui.lastNotice()?.message ?? '', /cancelled: 0 files uploaded, 2 not uploaded/);
    assert.deepEqual(ui.lastNotice()?.actions, ['Retry Failed']);
  });

  it("upload with the final step: bucket2 gets AES256 from the chain's default; with s3.sse none it refuses, says why, and Retry Failed succeeds once fixed", async () => {
    const config = () => vscode.workspace.getConfiguration('roleChains');
    const original = config().inspect<Array<Record<string, unknown>>>('chains')?.workspaceValue;
    assert.ok(Array.isArray(original));
    const target = { ...FINAL, bucket: SEED.bucket2, prefix: `${RUN}/` };
    ui.openAnswers = [[file('enc/ok.txt', 'encrypted\n')]];
    await exec('roleChains.s3.uploadFiles', target);
    assert.match(ui.lastNotice()?.message ?? '', /Uploaded 1 file to s3:\/\/bucket2\//);

    let retry!: (action: string | undefined) => void;
    ui.noticeAnswer = (message) => (/could not be uploaded/.test(message) ? new Promise((r) => (retry = r)) : undefined);
    const unencrypted = original.map((c) => (c.name === TWO_STEP ? { ...c, s3: { sse: 'none' } } : c));
    try {
      await config().update('chains', unencrypted, vscode.ConfigurationTarget.Workspace);
      ui.openAnswers = [[file('enc/plain.txt', 'plain\n')]];
      await exec('roleChains.s3.uploadFiles', target);
      const failed = ui.lastNotice();
      assert.equal(failed?.kind, 'warning');
      assert.match(failed?.message ?? '', /requires server-side encryption/);
      assert.match(failed?.message ?? '', /s3\.sse/);
      assert.deepEqual(failed?.actions, ['Retry Failed', 'Show Log']);
    } finally {
      await config().update('chains', original, vscode.ConfigurationTarget.Workspace);
    }
    retry('Retry Failed');
    const uploadedToBucket2 = () => ui.notices.filter((n) => /Uploaded 1 file to s3:\/\/bucket2\//.test(n.message)).length;
    await waitFor(() => (uploadedToBucket2() === 2 ? true : undefined), 'the retried upload to succeed');
    const all = await rows();
    assert.deepEqual(labelsUnder(all, [TWO_STEP, SEED.bucket2, RUN]), ['ok.txt', 'plain.txt']);
  });

  /** A file in the workspace, where the Explorer's drags come from (removed with the suite's workspace files). */
  const workspaceFile = (name: string, content: string): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration workspace has no folder');
    const p = path.join(folder.uri.fsPath, `.${RUN}`, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return vscode.Uri.file(p);
  };

  it('drop: a real DataTransfer with text/uri-list on a folder row uploads through the same path', async () => {
    await rows(); // the folder row must be listed, as it is when someone drops on it
    const dt = new vscode.DataTransfer();
    const d1 = workspaceFile('dropped/d1.txt', 'd1\n');
    const d2 = workspaceFile('dropped/d2.txt', 'd2\n');
    dt.set('text/uri-list', new vscode.DataTransferItem(`# dragged from the Explorer\r\n${d1.toString()}\r\n${d2.toString()}\r\n`));
    await api.s3.drop(bucket1(`${RUN}/explorer/`), dt);
    assert.deepEqual(labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN, 'explorer']), ['d1.txt', 'd2.txt', 'one.txt', 'two.txt']);
    assert.match(ui.lastNotice()?.message ?? '', /Uploaded 2 files/);
  });

  it('drop: a text/uri-list naming files outside the workspace (as a web page can send) uploads nothing and says why', async () => {
    await rows();
    const secret = file('fake-home/.aws/credentials', '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE\n');
    const dt = new vscode.DataTransfer();
    dt.set('text/uri-list', new vscode.DataTransferItem(`${secret.toString()}\r\n`));
    await control.clearRequestLog();
    await api.s3.drop(bucket1(`${RUN}/explorer/`), dt);
    assert.deepEqual((await control.requestLog()).filter((e) => e.service === 's3' && e.operation === 'PutObject'), [], 'a file outside the workspace was uploaded');
    const warned = ui.notices.find((n) => n.kind === 'warning');
    assert.match(warned?.message ?? '', /Not uploaded: .*credentials came as a link from outside the workspace/);
  });

  it('drop: a file from the computer without a path (a browser-hosted editor) is staged, uploaded and its copy removed', async () => {
    await rows();
    const staged = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('role-chains-drop-'));
    const before = staged();
    const dt = new vscode.DataTransfer();
    dt.set('text/plain', new DroppedFile({ name: 'from-os.txt', data: async () => Buffer.from('from the OS\n') }));
    await api.s3.drop(bucket1(`${RUN}/explorer/`), dt);
    assert.ok(labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN, 'explorer']).includes('from-os.txt'));
    assert.match(ui.lastNotice()?.message ?? '', /Uploaded 1 file to s3:\/\/bucket1\/.*\/explorer\//);
    assert.deepEqual(staged(), before, 'the staged copy was left in the temporary folder');
  });

  it('createFolder: an empty name is refused; a name makes a folder row', async () => {
    ui.inputAnswers = ['  /  '];
    await exec('roleChains.s3.createFolder', bucket1());
    assert.match(ui.rejected[0] ?? '', /Enter a folder name/);
    ui.inputAnswers = ['made/by-test'];
    await exec('roleChains.s3.createFolder', bucket1());
    const all = await rows();
    assert.deepEqual(labelsUnder(all, [STEP1_ROOT, SEED.bucket1, RUN, 'made']), ['by-test']);
    assert.equal(rowAt(all, [STEP1_ROOT, SEED.bucket1, RUN, 'made', 'by-test'])?.contextValue, 's3Prefix');
  });

  it('copyUri: puts the s3:// URI of an object, a folder and a bucket on the clipboard', async () => {
    await exec('roleChains.s3.copyUri', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/a.txt` });
    assert.equal(await vscode.env.clipboard.readText(), `s3://bucket1/${RUN}/a.txt`);
    await exec('roleChains.s3.copyUri', bucket1());
    assert.equal(await vscode.env.clipboard.readText(), `s3://bucket1/${RUN}/`);
    await exec('roleChains.s3.copyUri', bucket1(''));
    assert.equal(await vscode.env.clipboard.readText(), 's3://bucket1/');
  });

  it("copyPresignedUrl: refuses an expiry beyond the session's life; the copied URL fetches the object", async () => {
    const object = { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/b.json` };
    ui.inputAnswers = ['10h'];
    await exec('roleChains.s3.copyPresignedUrl', object);
    assert.match(ui.rejected[0] ?? '', /session ends in/);
    assert.match(String(ui.inputs[0]?.value), /^\d+[smh]$/);

    await vscode.env.clipboard.writeText('');
    ui.inputAnswers = ['5'];
    await exec('roleChains.s3.copyPresignedUrl', object);
    const url = await vscode.env.clipboard.readText();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/bucket1\/.*X-Amz-Expires=300/);
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"b":2}\n');
    assert.match(ui.lastNotice()?.message ?? '', /works for 5m/);
  });

  it('open: a text object opens read-only with its text; a binary one offers Download instead (Edit too)', async () => {
    await exec('roleChains.s3.open', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/b.json` });
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.document.uri.scheme === api.s3.documentScheme ? vscode.window.activeTextEditor : undefined),
      'the object editor',
    );
    assert.equal(editor.document.getText(), '{"b":2}\n');
    assert.match(editor.document.uri.path, new RegExp(`/bucket1/${RUN}/b\\.json$`));
    assert.equal(vscode.workspace.fs.isWritableFileSystem(api.s3.documentScheme), false, 'the object file system is writable');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from('changed'))), /read-only|NoPermissions/i);

    ui.openAnswers = [[file('bin/blob.bin', Buffer.from([0, 1, 2, 255, 0, 7]))]];
    await exec('roleChains.s3.uploadFiles', bucket1());
    await exec('roleChains.s3.open', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/blob.bin` });
    assert.match(ui.lastNotice()?.message ?? '', /blob\.bin is not text/);
    assert.deepEqual(ui.lastNotice()?.actions, ['Download…']);
    // Edit (saves conditional on the ETag: test/integration/s3Edit.test.ts) keeps the same offer for what is not text.
    assert.equal(await exec('roleChains.s3.edit', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/blob.bin` }), undefined);
    assert.match(ui.lastNotice()?.message ?? '', /blob\.bin is not text/);
    assert.deepEqual(ui.lastNotice()?.actions, ['Download…']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('download: an object to the chosen file with equal bytes; a folder recursively into the chosen folder', async () => {
    const target = path.join(local, 'downloads', 'blob-copy.bin');
    ui.saveAnswers = [vscode.Uri.file(target)];
    await exec('roleChains.s3.download', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/blob.bin` });
    assert.deepEqual(fs.readFileSync(target), Buffer.from([0, 1, 2, 255, 0, 7]));

    const into = fs.mkdtempSync(path.join(local, 'folder-download-'));
    ui.openAnswers = [[vscode.Uri.file(into)]];
    await exec('roleChains.s3.download', bucket1(`${RUN}/tree/`));
    assert.equal(fs.readFileSync(path.join(into, 'tree', 'top.txt'), 'utf8'), 'top\n');
    assert.equal(fs.readFileSync(path.join(into, 'tree', 'nested', 'deep', 'leaf.md'), 'utf8'), '# leaf\n');
    assert.match(ui.lastNotice()?.message ?? '', /Downloaded 2 files/);
  });

  it('filter: a folder lists only keys with the prefix; an empty filter shows everything again', async () => {
    ui.inputAnswers = ['b'];
    await exec('roleChains.s3.filter', bucket1());
    let all = await rows();
    assert.deepEqual(labelsUnder(all, [STEP1_ROOT, SEED.bucket1, RUN]), ['b.json', 'blob.bin']);
    assert.match(rowAt(all, [STEP1_ROOT, SEED.bucket1, RUN])?.description ?? '', /filter: b\*/);
    ui.inputAnswers = [''];
    await exec('roleChains.s3.filter', bucket1());
    all = await rows();
    assert.ok(labelsUnder(all, [STEP1_ROOT, SEED.bucket1, RUN]).includes('a.txt'));
  });

  it('loadMore: with a page size of 2 a folder shows two entries and a Load more… row; loading on lists the rest', async () => {
    const level = [STEP1_ROOT, SEED.bucket1, RUN];
    const full = labelsUnder(await rows(), level);
    assert.ok(full.length > 4, `too few entries to page: ${full.join(', ')}`);
    const config = vscode.workspace.getConfiguration('roleChains');
    await config.update('s3.pageSize', 2, vscode.ConfigurationTarget.Workspace);
    try {
      let all = await rows();
      assert.equal(labelsUnder(all, level).length, 3);
      assert.equal(labelsUnder(all, level)[2], 'Load more…');
      let pages = 1;
      for (let i = 0; i < 20; i++) {
        const more = childrenOf(all, rowAt(all, level)).find((r) => r.contextValue === 's3LoadMore');
        if (!more) break;
        assert.equal(more.command, 'roleChains.s3.loadMore');
        await exec('roleChains.s3.loadMore', more.ref);
        all = await rows();
        pages++;
      }
      assert.deepEqual(labelsUnder(all, level), full);
      assert.equal(pages, Math.ceil(full.length / 2));
    } finally {
      await config.update('s3.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refresh: listings are kept until refreshed; refresh lists the level again', async () => {
    await rows();
    await control.clearRequestLog();
    await rows();
    assert.deepEqual(await s3Requests('ListObjectsV2'), [], 'an unrefreshed tree listed again');
    await exec('roleChains.s3.refresh', bucket1());
    await rows();
    const lists = await s3Requests('ListObjectsV2');
    assert.ok(lists.some((e) => e.bucket === SEED.bucket1), 'refresh did not list the folder again');
    assert.ok(lists.every((e) => e.bucket === SEED.bucket1), 'refreshing one folder listed other buckets');
    await exec('roleChains.s3.refresh');
    await rows();
    assert.ok((await s3Requests('ListBuckets')).length >= 2, 'refreshing the view did not list the roots again');
  });

  it('delete: an object after confirmation; a folder shows its object count first; declining deletes nothing', async () => {
    ui.confirmAnswers = [true];
    await exec('roleChains.s3.delete', { ...STEP1, bucket: SEED.bucket1, key: `${RUN}/blob.bin` });
    assert.deepEqual(ui.confirms, [`Delete s3://bucket1/${RUN}/blob.bin?`]);
    assert.ok(!labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN]).includes('blob.bin'));

    ui.confirmAnswers = [false, true];
    await exec('roleChains.s3.delete', bucket1(`${RUN}/tree/`));
    assert.match(ui.confirms[1] ?? '', new RegExp(`^Delete 2 objects \\(.*\\) under s3://bucket1/${RUN}/tree/\\?$`));
    assert.ok(labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN]).includes('tree'), 'declining deleted the folder');
    await control.clearRequestLog();
    await exec('roleChains.s3.delete', bucket1(`${RUN}/tree/`));
    assert.ok((await s3Requests('DeleteObjects')).some((e) => e.status === 200), 'no batched DeleteObjects');
    assert.ok(!labelsUnder(await rows(), [STEP1_ROOT, SEED.bucket1, RUN]).includes('tree'));
  });

  it('removeBucket and closeRoot: an added bucket and a step root leave the view', async () => {
    await exec('roleChains.s3.removeBucket', { ...FINAL, bucket: SEED.bucket2 });
    let all = await rows();
    assert.ok(!labelsUnder(all, [TWO_STEP]).includes(SEED.bucket2));
    await exec('roleChains.s3.closeRoot', STEP1);
    all = await rows();
    assert.deepEqual(all.filter((r) => r.depth === 0).map((r) => r.label), [TWO_STEP]);
  });

  it('a lost session sends nothing to S3: the action offers Run Chain Again and continues after the run', async () => {
    await vscode.commands.executeCommand('roleChains.chains.signOut', TWO_STEP);
    assert.deepEqual(await rows(), [], 'the view still shows a signed-out chain');
    await control.clearRequestLog();
    ui.noticeAnswer = (_message, actions) => (actions.includes('Run Chain Again') ? 'Run Chain Again' : undefined);
    ui.inputAnswers = ['after-rerun'];
    api.setPromptsForTesting(seedPrompts());
    try {
      await exec('roleChains.s3.createFolder', bucket1());
    } finally {
      api.setPromptsForTesting(undefined);
    }
    assert.match(ui.notices[0]?.message ?? '', new RegExp(`${TWO_STEP} has no live session .*nothing was sent to S3`));
    assert.ok(api.sessions.get(TWO_STEP), 'the chain was not run again');
    const log = await control.requestLog();
    const firstS3 = log.findIndex((e) => e.service === 's3');
    const lastSts = log.map((e) => e.service).lastIndexOf('sts');
    assert.ok(firstS3 > lastSts, 'an S3 request was sent before the chain ran again');
    assert.ok(log.some((e) => e.operation === 'PutObject' && e.key === `${RUN}/after-rerun/` && e.status === 200), 'the folder was not created after the run');
  });

  /**
   * Starts an upload of a 20 MiB file (parts of 8, 8 and 4 MiB) over a slow link and takes the link down once S3
   * has acknowledged a part (the remembered upload says so): the upload fails, and is kept for resuming.
   */
  async function interruptedUpload(name: string): Promise<{ uri: vscode.Uri; key: string }> {
    const uri = file(name, Buffer.alloc(20 * 1024 * 1024, name));
    const key = `${RUN}/resume/${name}`;
    ui.openAnswers.push([uri]);
    await control.setFaults({ bandwidthBytesPerSec: 6 * 1024 * 1024 });
    const running = exec('roleChains.s3.uploadFiles', bucket1(`${RUN}/resume/`));
    try {
      await waitFor(() => (api.s3.resumableUploads().find((r) => r.key === key && r.parts >= 1) ? true : undefined), 'a part of the upload to be acknowledged', 30_000);
      await control.setFaults({ refuseAll: true, dropConnections: true });
      await running;
    } finally {
      await control.setFaults({});
    }
    return { uri, key };
  }

  it('an upload cut by a lost connection is kept; the chain signed in again offers Resume, which sends only the missing parts', async () => {
    const { key } = await interruptedUpload('cut.bin');
    const failed = ui.lastNotice();
    assert.match(failed?.message ?? '', /try again to resume/, 'the summary says the upload can be resumed');
    assert.ok(failed?.actions.includes('Resume'), `actions: ${JSON.stringify(failed?.actions)}`);
    const kept = api.s3.resumableUploads().find((r) => r.key === key);
    assert.ok(kept && kept.parts >= 1 && kept.parts < 3, `remembered: ${JSON.stringify(kept)}`);
    assert.equal(kept.chainName, TWO_STEP);

    // A new sign-in (as after an expired session) offers the upload; the person chooses Resume.
    ui.noticeAnswer = (message, actions) => (/can be resumed/.test(message) && actions.includes('Resume') ? 'Resume' : undefined);
    await control.clearRequestLog();
    await vscode.commands.executeCommand('roleChains.chains.signOut', TWO_STEP);
    await signIn(api, TWO_STEP);
    await waitFor(() => (api.s3.resumableUploads().some((r) => r.key === key) ? undefined : true), 'the resumed upload to complete', 30_000);
    assert.ok(ui.notices.some((n) => /interrupted upload of .*cut\.bin can be resumed/.test(n.message)), JSON.stringify(ui.notices.map((n) => n.message)));
    const log = (await control.requestLog()).filter((e) => e.service === 's3' && e.key === key);
    assert.equal(log.filter((e) => e.operation === 'CreateMultipartUpload').length, 0, 'no new upload was started');
    assert.equal(log.filter((e) => e.operation === 'ListParts' && e.status === 200).length, 1);
    assert.equal(log.filter((e) => e.operation === 'UploadPart' && e.status === 200).length, 3 - kept.parts, 'only the missing parts were sent');
    assert.equal(log.filter((e) => e.operation === 'CompleteMultipartUpload' && e.status === 200).length, 1);
  });

  it('resumeUploads: the palette command lists remembered uploads and resumes the one picked', async () => {
    const { key } = await interruptedUpload('palette.bin');
    ui.pickAnswers = [`s3://${SEED.bucket1}/${key}`];
    await control.clearRequestLog();
    await exec('roleChains.s3.resumeUploads');
    assert.deepEqual(ui.picks.at(-1)?.labels.filter((l) => l.endsWith('palette.bin')), [`s3://${SEED.bucket1}/${key}`]);
    assert.equal(api.s3.resumableUploads().some((r) => r.key === key), false, 'the record is dropped once complete');
    const completes = (await s3Requests('CompleteMultipartUpload')).filter((e) => e.key === key && e.status === 200);
    assert.equal(completes.length, 1);
    assert.equal((await s3Requests('CreateMultipartUpload')).filter((e) => e.key === key).length, 0);
  });

  it('cleanUpIncompleteUploads: lists the bucket\'s incomplete uploads with age and size and aborts the one picked', async () => {
    const { key } = await interruptedUpload('abandoned.bin');
    ui.pickAnswers = [key];
    ui.confirmAnswers = [true];
    await control.clearRequestLog();
    const outcome = await exec<{ aborted: number } | undefined>('roleChains.s3.cleanUpIncompleteUploads', { ...STEP1, bucket: SEED.bucket1 });
    assert.deepEqual(outcome, { aborted: 1 });
    const pick = ui.picks.at(-1);
    assert.ok(pick?.labels.includes(key), `listed: ${JSON.stringify(pick)}`);
    assert.match(ui.confirms.at(-1) ?? '', /Abort 1 incomplete upload in s3:\/\/bucket1/);
    assert.equal((await s3Requests('AbortMultipartUpload')).filter((e) => e.key === key && e.status === 204).length, 1);
    assert.equal(api.s3.resumableUploads().some((r) => r.key === key), false, 'the aborted upload is no longer offered');
  });

  it('invoked every S3 command the manifest contributes', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const ids = ((ext?.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>).map((c) => c.command).filter((id) => id.startsWith('roleChains.s3.'));
    assert.ok(ids.length >= 15, `only ${ids.length} S3 commands declared`);
    assert.deepEqual(ids.filter((id) => !invoked.has(id)), [], 'S3 commands this suite never ran');
  });
});

/** A dropped file as a browser-hosted editor hands it over: a name and data, no path. */
class DroppedFile extends vscode.DataTransferItem {
  constructor(private readonly file: vscode.DataTransferFile) {
    super('');
  }
  override asFile(): vscode.DataTransferFile {
    return this.file;
  }
}

/** The rows directly under `parent` (one level deeper, until the next row at its depth or above). */
function childrenOf(all: S3TreeRow[], parent: S3TreeRow | undefined): S3TreeRow[] {
  if (!parent) return [];
  const start = all.indexOf(parent);
  const out: S3TreeRow[] = [];
  for (let i = start + 1; i < all.length; i++) {
    const row = all[i] as S3TreeRow;
    if (row.depth <= parent.depth) break;
    if (row.depth === parent.depth + 1) out.push(row);
  }
  return out;
}

/** The row reached by following labels from a root. */
function rowAt(all: S3TreeRow[], labels: string[]): S3TreeRow | undefined {
  let candidates = all.filter((r) => r.depth === 0);
  let found: S3TreeRow | undefined;
  for (const label of labels) {
    found = candidates.find((r) => r.label === label);
    if (!found) return undefined;
    candidates = childrenOf(all, found);
  }
  return found;
}

function labelsUnder(all: S3TreeRow[], labels: string[]): string[] {
  const row = rowAt(all, labels);
  assert.ok(row, `no row at ${labels.join(' / ')}: ${JSON.stringify(all.map((r) => `${'  '.repeat(r.depth)}${r.label}`))}`);
  return childrenOf(all, row).map((r) => r.label);
}
