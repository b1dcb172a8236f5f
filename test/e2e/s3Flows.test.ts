// The S3 view and uploads, clicked as a person would against the packaged extension: the signed-in chain's session
// as the root, the bucket its role may not list pinned by the demo chain (or typed into the picker), and the three ways in — the Explorer's context menu,
// Upload Folder… on a bucket (VS Code's own open dialog, typed into) and drag and drop from the Explorer — with the
// overwrite question, batch progress and Cancel. Every object is checked in the tree and in the endpoint's request log.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TWO_STEP } from '../harness/seedChains';
import { pollUntil } from '../harness/timebox';
import { SEED } from '../localAws/scenario';
import type { RequestLogEntry } from '../localAws/types';
import { e2e, failureScreenshot, screenshot } from './context';
import { answerTwoStepPrompts } from './prompts';
import { Workbench } from './workbenchUi';

const BUCKET = SEED.bucket2; // RoleB's bucket: requires AES256, and RoleB may not list buckets
/** Large enough for a multipart upload of three parts (8 + 8 + 4 MiB), slow under the bandwidth cap below. */
const LARGE_BYTES = 20 * 1024 * 1024;
const SITE_FILES = { 'index.html': '<h1>reports</h1>\n', 'css/main.css': 'h1 { color: teal; }\n', 'img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n' };

describe('S3 view and uploads (packaged extension, real menus, dialogs and drag and drop)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let workspace: string;
  const s3Log = (operation: string): RequestLogEntry[] => e2e().aws.requestLog().filter((e) => e.service === 's3' && e.operation === operation);
  const putKeys = (): string[] => s3Log('PutObject').filter((e) => e.status === 200 && e.bucket === BUCKET).map((e) => e.key ?? '');
  /** Waits for the input box whose prompt line (the message under the input) matches: pages of one command share a title. */
  const waitForPrompt = (text: RegExp) => wb.quickInput().locator('.quick-input-message', { hasText: text }).waitFor();

  before(async () => {
    workspace = new URL(e2e().url).searchParams.get('folder') ?? '';
    assert.ok(fs.existsSync(workspace), `workspace ${workspace} not found`);
    // The files a person would have in the project.
    fs.writeFileSync(path.join(workspace, 'notes.txt'), 'quarterly notes\n');
    fs.writeFileSync(path.join(workspace, 'data.csv'), 'month,total\n2025-01,42\n');
    for (const [rel, text] of Object.entries(SITE_FILES)) {
      fs.mkdirSync(path.dirname(path.join(workspace, 'site', rel)), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'site', rel), text);
    }
    fs.writeFileSync(path.join(workspace, 'large-export.bin'), Buffer.alloc(LARGE_BYTES, 7));

    wb = new Workbench(e2e().page);
    await wb.waitReady();
    await wb.runCommand('View: Close All Editors');
    await wb.openChainsView();
    e2e().aws.clearRequestLog();
    await wb.runCommand('Role Chains: Run Role Chain');
    await wb.pick(TWO_STEP);
    await answerTwoStepPrompts(wb);
    await wb.statusBarItem(new RegExp(`${TWO_STEP} · \\d+ min`)).waitFor();
  });
  afterEach(async function () {
    e2e().aws.setFaults({});
    if (this.currentTest?.state === 'failed') await failureScreenshot(this.currentTest.title);
  });

  it("shows the chain's final session as the root; RoleB may not list buckets, so the root says so and offers Add Bucket by Name", async () => {
    await wb.openChainsView();
    await wb.s3RowMatching(new RegExp(`${TWO_STEP}.*RoleB · 333333333333 · \\d+ min left`)).waitFor();
    await wb.s3RowMatching(/Add Bucket by Name….*may not list buckets/).waitFor();
    const listings = s3Log('ListBuckets').filter((e) => e.principal?.includes(':assumed-role/RoleB/'));
    assert.ok(listings.length > 0, 'the root never asked S3 for the buckets');
    assert.deepEqual([...new Set(listings.map((e) => `${e.status} ${e.errorCode ?? ''}`))], ['403 AccessDenied']);
  });

  it('Explorer → right-click a file → Upload to S3… → the bucket the demo chain pins, prefix typed → the object in the S3 tree', async () => {
    await wb.clearNotifications();
    e2e().aws.clearRequestLog();
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('notes.txt'), 'Upload to S3…', () => screenshot('20-explorer-upload-menu'));

    // Only one session is signed in, so no session question; the role may not list buckets, but the chain pins its bucket.
    await wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: /Enter Bucket Name…\s*this role may not list buckets/ }).waitFor();
    await wb.quickPickRowLabeled(new RegExp(`^${BUCKET}$`)).waitFor();
    // Text typed into the picker is checked as Add Bucket by Name… checks it.
    await wb.fill('Typed_Bucket');
    await wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: /"Typed_Bucket" is not a bucket name[\s\S]*lowercase/ }).waitFor();
    await wb.fill('');
    await wb.pick(new RegExp(`^${BUCKET}\\s*pinned`));
    await waitForPrompt(new RegExp(`Folder \\(key prefix\\) in s3://${BUCKET}/`));
    await wb.type('reports/2025/');

    await pollUntil(() => (putKeys().length > 0 ? true : undefined), 30_000, 'the PutObject at the endpoint', 100);
    assert.deepEqual(putKeys(), ['reports/2025/notes.txt'], 'PutObject to the AES256-only bucket (accepted, so encrypted)');
    await wb.notification(new RegExp(`Uploaded 1 file to s3://${BUCKET}/reports/2025/\\.`)).waitFor(); // as the person sees it

    await wb.openChainsView();
    await wb.s3Row(BUCKET).waitFor();
    await wb.expandS3(BUCKET);
    await wb.expandS3('reports');
    await wb.expandS3('2025');
    await wb.s3RowMatching(/notes\.txt\s*16 B · \d{4}-\d{2}-\d{2}/).waitFor();
  });

  it('Open Terminal with Chain Credentials → aws s3 ls in the terminal lists the uploaded object, from the local endpoint', async () => {
    e2e().aws.clearRequestLog();
    const out = path.join(workspace, 'terminal-ls.txt');
    fs.rmSync(out, { force: true });
    await wb.runCommand('Role Chains: Open Terminal with Chain Credentials');
    await wb.pick(TWO_STEP);
    const terminal = e2e().page.locator('.terminal-wrapper.active .xterm');
    await terminal.waitFor();
    await terminal.click();
    // The README's words, no flag: whichever awscli the shell finds (Debian's 2.9 ignores AWS_ENDPOINT_URL_S3, and
    // the extension's aws shim then adds it as --endpoint-url; the integration layer pins each case).
    await e2e().page.keyboard.type(`aws s3 ls s3://${BUCKET}/reports/2025/ > ${out} 2>&1; echo "exit $?" >> ${out}\n`);
    const text = await pollUntil(() => {
      const t = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      return /exit \d+/.test(t) ? t : undefined;
    }, 30_000, 'the terminal command to finish');
    assert.match(text, /\s16 notes\.txt\n/);
    assert.match(text, /exit 0/);
    const listed = s3Log('ListObjectsV2').filter((e) => e.bucket === BUCKET && e.status === 200);
    assert.ok(listed.some((e) => e.principal?.includes(':assumed-role/RoleB/')), "the terminal's aws did not list as RoleB at the local endpoint");
    fs.rmSync(out, { force: true });
    await wb.runCommand('Terminal: Kill All Terminals');
  });

  it('a valid bucket name typed into the bucket picker is offered as "Use bucket …": Enter takes it, and it is remembered like Add Bucket by Name…', async () => {
    const other = SEED.bucket1;
    await wb.clearNotifications();
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('notes.txt'), 'Upload to S3…');
    await wb.quickPickRowLabeled(new RegExp(`^${BUCKET}$`)).waitFor();
    await wb.fill(other);
    await wb.quickPickRowLabeled(new RegExp(`Use bucket "${other}"`)).waitFor();
    await wb.quickInput().locator('input.input').press('Enter');
    await waitForPrompt(new RegExp(`Folder \\(key prefix\\) in s3://${other}/`));
    await wb.quickInput().locator('input.input').press('Escape');
    await wb.openChainsView();
    await wb.contextMenu(wb.s3Row(other), 'Remove Bucket from View');
    await wb.s3Row(other).waitFor({ state: 'detached' });
    // Removing it refreshed the root: open the bucket again (the next flows expand folders inside it).
    await wb.expandS3(BUCKET);
  });

  it('Upload Folder… on the bucket row → a path typed into the open dialog → the folder uploaded recursively with relative keys', async () => {
    await wb.clearNotifications();
    e2e().aws.clearRequestLog();
    await wb.contextMenu(wb.s3Row(BUCKET), 'Upload Folder…', () => screenshot('21-s3-bucket-menu'));
    // In a browser-hosted editor VS Code's open dialog is its own quick input: type the folder's path, press Upload.
    await wb.waitForInputBox(new RegExp(`Upload Folder to s3://${BUCKET}/`));
    await wb.fillExactly(`${path.join(workspace, 'site')}/`);
    await wb.quickPickRowLabeled(/^img$/).waitFor();
    await screenshot('22-upload-folder-dialog');
    await wb.quickInputButton('Upload');

    await pollUntil(() => (putKeys().length >= 3 ? true : undefined), 30_000, 'three PutObjects at the endpoint', 100);
    assert.deepEqual(putKeys().sort(), ['site/css/main.css', 'site/img/logo.svg', 'site/index.html']);
    await wb.notification(new RegExp(`Uploaded 3 files to s3://${BUCKET}/\\.`)).waitFor();
    await wb.expandS3('site');
    await wb.s3Row('index.html').waitFor();
    await wb.expandS3('css');
    await wb.s3Row('main.css').waitFor();
  });

  it('drag a file from the Explorer onto the bucket row → uploaded; dropped again → the overwrite question, Skip keeps the object', async () => {
    e2e().aws.clearRequestLog();
    await wb.openExplorer();
    await wb.dragAcross(wb.explorerRow('data.csv'), 'Role Chains', wb.s3Row(BUCKET));
    await pollUntil(() => (putKeys().length > 0 ? true : undefined), 30_000, 'the PutObject at the endpoint', 100);
    assert.deepEqual(putKeys(), ['data.csv']);
    await wb.notification(new RegExp(`Uploaded 1 file to s3://${BUCKET}/\\.`)).waitFor();
    await wb.s3Row('data.csv').waitFor();

    await wb.openExplorer();
    await wb.dragAcross(wb.explorerRow('data.csv'), 'Role Chains', wb.s3Row(BUCKET));
    await wb.dialog(new RegExp(`s3://${BUCKET}/data\\.csv already exists`)).waitFor();
    await screenshot('23-overwrite-question');
    await wb.dialogButton('Skip');
    await wb.notification(new RegExp(`Uploaded 0 files to s3://${BUCKET}/, 1 existing object kept\\.`)).waitFor();
    assert.deepEqual(putKeys(), ['data.csv'], 'the skipped object was written again');
    assert.ok(s3Log('HeadObject').some((e) => e.key === 'data.csv' && e.status === 200), 'the existing object was not looked up');
  });

  it('a large file: one progress notification with files, bytes and percent; Cancel aborts the multipart upload and nothing is left', async () => {
    await wb.clearNotifications();
    e2e().aws.clearRequestLog();
    // A slow link, so the upload is still running when the person looks and presses Cancel.
    e2e().aws.setFaults({ bandwidthBytesPerSec: 512 * 1024 }); // 8 MiB parts take ≥ 16 s each
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('large-export.bin'), 'Upload to S3…');
    await wb.pick(new RegExp(`^${BUCKET}\\s*pinned`));
    await waitForPrompt(new RegExp(`Folder \\(key prefix\\) in s3://${BUCKET}/`));
    await wb.type('exports/');

    const progress = wb.notification(new RegExp(`Uploading to s3://${BUCKET}/exports/: 0/1 files · .* of 20 MB \\(\\d+%\\)`));
    await progress.waitFor();
    await wb.openChainsView();
    // A moment for the first bytes to show (a picture of a moving bar); the test does not depend on it.
    await wb.notification(/Uploading to .* · [1-9][\d.]* MB of 20 MB/).waitFor({ timeout: 3_000 }).catch(() => undefined);
    await screenshot('24-upload-progress');
    await progress.locator('.monaco-button', { hasText: /^Cancel$/ }).click();

    const aborted = () => s3Log('AbortMultipartUpload').some((e) => e.status === 204 && e.key === 'exports/large-export.bin');
    await pollUntil(() => (aborted() ? true : undefined), 30_000, 'the multipart upload to be aborted at the endpoint', 100);
    await wb.notification(new RegExp(`Upload to s3://${BUCKET}/exports/ cancelled: 0 files uploaded, 1 not uploaded\\.`)).waitFor();
    e2e().aws.setFaults({});
    const create = s3Log('CreateMultipartUpload');
    assert.deepEqual(create.map((e) => [e.status, e.key]), [[200, 'exports/large-export.bin']]);
    assert.deepEqual(s3Log('CompleteMultipartUpload'), [], 'the cancelled upload was completed');
    await wb.s3Row(BUCKET).waitFor();
    assert.equal(await wb.s3Row('exports').count(), 0, 'the cancelled upload left a folder in the tree');
  });

  it('a window reloaded during a large upload: after the reload the editor offers Resume, which sends only the missing parts', async () => {
    await wb.clearNotifications();
    e2e().aws.clearRequestLog();
    // Parts of 8, 8 and 4 MiB in parallel at 1 MiB/s each: the 4 MiB part is acknowledged seconds before the others.
    e2e().aws.setFaults({ bandwidthBytesPerSec: 1024 * 1024 });
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('large-export.bin'), 'Upload to S3…');
    await wb.pick(new RegExp(`^${BUCKET}\\s*pinned`));
    await waitForPrompt(new RegExp(`Folder \\(key prefix\\) in s3://${BUCKET}/`));
    await wb.type('resume/');
    const key = 'resume/large-export.bin';
    const acked = (): RequestLogEntry[] => s3Log('UploadPart').filter((e) => e.key === key && e.status === 200);
    await pollUntil(() => (acked().length >= 1 ? true : undefined), 30_000, 'the first part to be acknowledged', 100);
    // The reload must interrupt the upload for certain, not race it: the old window's connections are cut and its
    // retries refused until the new window is up, so no part of the old upload can land after this count (on a busy
    // machine the old extension host outlived the reload and finished every part, leaving nothing to resume).
    e2e().aws.setFaults({ refuseAll: true, dropConnections: true });
    const before = acked().length;
    assert.ok(before < 3, 'the upload finished before the reload');

    await wb.reloadWindow();
    e2e().aws.setFaults({});
    await wb.openChainsView();
    const offer = wb.notification(new RegExp(`interrupted upload of ${key.replace('/', '\\/')} can be resumed`));
    await offer.waitFor({ timeout: 30_000 });
    await screenshot('26-resume-offer');
    e2e().aws.clearRequestLog();
    await offer.locator('.monaco-button', { hasText: /^Resume$/ }).click();
    const completed = () => s3Log('CompleteMultipartUpload').filter((e) => e.key === key && e.status === 200);
    await pollUntil(() => (completed().length > 0 ? true : undefined), 60_000, 'the resumed upload to complete at the endpoint', 100);
    await wb.notification(new RegExp(`Uploaded 1 file to s3://${BUCKET}/resume/`)).waitFor();

    const listed = s3Log('ListParts').filter((e) => e.key === key && e.status === 200);
    assert.equal(listed.length, 1, 'S3 was asked which parts it holds');
    assert.deepEqual(s3Log('CreateMultipartUpload').filter((e) => e.key === key), [], 'the upload started over');
    const sent = acked().length;
    assert.ok(sent >= 1 && sent <= 3 - before, `${sent} parts sent after resuming, ${before} were there before the reload`);
    assert.equal(completed().length, 1);
    await wb.openChainsView();
    // The reload closed the tree: open the bucket again (the next test expands folders inside it).
    await wb.expandS3(BUCKET);
    await wb.expandS3('resume');
    await wb.s3RowMatching(/large-export\.bin\s*20(\.0)? M/).waitFor();
  });

  it('the tree: buckets, folders and objects with size and date, for the README', async () => {
    await wb.clearNotifications();
    await wb.openChainsView();
    await wb.widenSideBar(560);
    // Uploads refresh the folders they wrote to, which closes them: open the ones to show.
    for (const folder of ['reports', '2025', 'site', 'css']) await wb.expandS3(folder);
    await wb.s3RowMatching(/data\.csv\s*\d+ B · \d{4}-\d{2}-\d{2}/).waitFor();
    await wb.s3RowMatching(/index\.html\s*\d+ B/).waitFor();
    await wb.s3RowMatching(/notes\.txt\s*16 B/).waitFor();
    await screenshot('25-s3-tree');
  });

  it('Edit on an object row → type → Ctrl+S → the object in S3 changes, as Open then shows', async () => {
    await wb.clearNotifications();
    await wb.openChainsView();
    await wb.s3RowMatching(/notes\.txt\s*16 B/).waitFor();
    e2e().aws.clearRequestLog();
    await wb.contextMenu(wb.s3Row('notes.txt'), /^Edit$/);
    const tab = e2e().page.locator('.part.editor .tab.active', { hasText: 'notes.txt' });
    await tab.waitFor();
    const lines = e2e().page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first();
    await lines.locator('.view-line', { hasText: 'quarterly notes' }).waitFor();
    await lines.click();
    await e2e().page.keyboard.press('Control+End');
    await e2e().page.keyboard.type('edited in place');
    await lines.locator('.view-line', { hasText: 'edited in place' }).waitFor();
    await e2e().page.keyboard.press('Control+S');
    const saved = await pollUntil(
      () => s3Log('PutObject').find((e) => e.status === 200 && e.key === 'reports/2025/notes.txt'),
      20_000,
      'the save reaching S3 as a PutObject',
      100,
    );
    assert.match(saved.principal ?? '', /:assumed-role\/RoleB\//, "saved with the chain's final session");
    await e2e().page.locator('.part.editor .tab.active:not(.dirty)', { hasText: 'notes.txt' }).waitFor();
    // Read back through the read-only Open: S3 holds the new text.
    await wb.runCommand('View: Close All Editors');
    await wb.contextMenu(wb.s3Row('notes.txt'), /^Open$/);
    await e2e().page.locator('.part.editor .view-line', { hasText: 'edited in place' }).first().waitFor();
    // The endpoint logs a request once its response has ended, which can be just after the editor shows the text.
    await pollUntil(
      () => (s3Log('GetObject').filter((e) => e.key === 'reports/2025/notes.txt' && e.status === 200).length >= 2 ? true : undefined),
      20_000,
      'Edit reading the object, and Open reading it again after the save',
      100,
    );
  });

  it('Edit, then the object changes meanwhile (an upload over it): Ctrl+S asks Compare / Overwrite / Cancel; Overwrite writes the text', async () => {
    const KEY = 'reports/2025/notes.txt';
    await wb.runCommand('View: Close All Editors');
    await wb.openChainsView();
    await wb.contextMenu(wb.s3Row('notes.txt'), /^Edit$/);
    const lines = e2e().page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first();
    await lines.locator('.view-line', { hasText: 'edited in place' }).waitFor();
    // Meanwhile the object is replaced by another write: the Explorer's notes.txt uploaded over it.
    e2e().aws.clearRequestLog();
    await wb.openExplorer();
    await wb.contextMenu(wb.explorerRow('notes.txt'), 'Upload to S3…');
    await wb.pick(new RegExp(`^${BUCKET}\\s*pinned`));
    await waitForPrompt(new RegExp(`Folder \\(key prefix\\) in s3://${BUCKET}/`));
    await wb.type('reports/2025/');
    await wb.dialog(new RegExp(`s3://${BUCKET}/reports/2025/notes\\.txt already exists`)).waitFor();
    await wb.dialogButton('Overwrite');
    await pollUntil(() => s3Log('PutObject').find((e) => e.status === 200 && e.key === KEY), 20_000, 'the upload over the object', 100);
    e2e().aws.clearRequestLog();
    await lines.click();
    await e2e().page.keyboard.press('Control+End');
    await e2e().page.keyboard.type(' and again');
    await lines.locator('.view-line', { hasText: 'and again' }).waitFor();
    await e2e().page.keyboard.press('Control+S');
    await e2e().page.locator('.monaco-dialog-box', { hasText: /notes\.txt was changed in S3 after you opened it/ }).waitFor();
    await screenshot('27-edit-conflict');
    assert.deepEqual(s3Log('PutObject').map((e) => `${e.key} ${e.status}`), [`${KEY} 412`], 'the save was refused: nothing written yet');
    await wb.dialogButton('Overwrite');
    await pollUntil(() => s3Log('PutObject').find((e) => e.status === 200 && e.key === KEY), 20_000, 'the overwrite reaching S3', 100);
    await e2e().page.locator('.part.editor .tab.active:not(.dirty)', { hasText: 'notes.txt' }).waitFor();
  });
});
