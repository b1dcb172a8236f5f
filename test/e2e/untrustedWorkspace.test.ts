// A cloned repository whose .vscode/settings.json points every endpoint setting at another local port (a listener
// that only counts) is opened in a second editor with workspace trust ON, as a person would: first in Restricted
// Mode ("No, I don't trust the authors"), then trusted from the Workspace Trust editor. In both modes a chain from
// the user settings is run and S3 browsed, and the listener sees no connection at all: endpoints are machine-scoped.
// The repository's own chains show only once it is trusted.
// While the workspace is untrusted the machine-scoped endpoints are ignored too, so the SDK's own configuration
// applies; this editor's environment names a second local endpoint with AWS_ENDPOINT_URL, so no request can leave
// 127.0.0.1 and the test sees which endpoint each mode used.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newPage } from '../harness/browser';
import { dumpBrowserStorage } from '../harness/browserStorage';
import { onCleanup } from '../harness/cleanup';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { startCountingServer, type CountingServer } from '../harness/countingServer';
import { repoRoot } from '../harness/paths';
import { describeHits, scanTexts } from '../harness/secretScan';
import { endpointSettings, ONE_STEP, oneStepChain } from '../harness/seedChains';
import { pollUntil } from '../harness/timebox';
import { openWorkbench } from '../harness/workbench';
import { startLocalAws } from '../localAws';
import { SEED } from '../localAws/scenario';
import type { LocalAws, RequestLogEntry } from '../localAws/types';
import { e2e, screenshot } from './context';
import { Workbench } from './workbenchUi';

/** A chain only the repository's settings define. */
const REPO_CHAIN = 'from-the-repository';

describe('untrusted workspace: endpoints in its settings get no request, in Restricted Mode and trusted alike (workspace trust on)', function () {
  this.timeout(150_000);
  let trap: CountingServer;
  let sdkEndpoint: LocalAws;
  let stopSdkEndpoint: () => Promise<void>;
  let server: CodeServer | undefined;
  let page: Page | undefined;
  let wb: Workbench;

  const machineLog = (): RequestLogEntry[] => e2e().aws.requestLog();
  const ops = (log: RequestLogEntry[]): string[] => [...new Set(log.filter((e) => e.status < 300).map((e) => `${e.service} ${e.operation}`))].sort();
  const signedIn = () => wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`^${ONE_STEP}.*signed in`) }).first();

  /** Runs the one-step chain from its row, typing RoleNoMfa's ExternalId, and opens bucket1 in the S3 view. */
  async function runChainAndBrowse(): Promise<void> {
    await wb.openChainsView();
    await wb.clickInline(ONE_STEP, 'Run Role Chain');
    await wb.waitForInputBox(new RegExp(`${ONE_STEP} — step 1/1: ExternalId for role/RoleNoMfa \\(222222222222\\)`));
    await wb.type(SEED.externalIdNoMfa);
    await signedIn().waitFor();
    await wb.s3RowMatching(new RegExp(`${ONE_STEP}.*RoleNoMfa · 222222222222`)).waitFor();
    await wb.expandS3(SEED.bucket1);
  }

  /** Waits until `log` shows the run and the listing (STS AssumeRole, S3 ListBuckets and ListObjectsV2 of bucket1). */
  async function waitForTraffic(log: () => RequestLogEntry[], where: string): Promise<void> {
    await pollUntil(
      () => {
        const entries = log();
        const ok = (op: string) => entries.some((e) => e.operation === op && e.status === 200 && (op !== 'ListObjectsV2' || e.bucket === SEED.bucket1));
        return ok('AssumeRole') && ok('ListBuckets') && ok('ListObjectsV2') ? true : undefined;
      },
      20_000,
      `the chain's run and the bucket listing to reach ${where}`,
    );
  }

  before(async () => {
    const ctx = e2e();
    assert.ok(ctx.vsix && ctx.editorEnv && ctx.runDir && ctx.extraSecrets, 'run through test/harness/runE2e.ts');
    trap = await startCountingServer();
    sdkEndpoint = await startLocalAws();
    stopSdkEndpoint = onCleanup('stop the SDK-configured local AWS endpoint', () => sdkEndpoint.stop());

    // The repository: endpoints (all five endpoint settings) aimed at the counting listener, and chains of its own.
    const workspace = path.join(ctx.runDir, 'cloned-repository');
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const redirect = {
      'roleChains.endpoints.sts': trap.url,
      'roleChains.endpoints.s3': trap.url,
      'roleChains.endpoints.forcePathStyle': false,
      'roleChains.endpoints.s3ChecksumWhenRequired': true,
      'roleChains.federationEndpoint': trap.url,
      'roleChains.chains': [oneStepChain(), { name: REPO_CHAIN, region: SEED.region, steps: [{ roleArn: SEED.roleA, externalId: 'none' }] }],
    };
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(redirect, null, 2)}\n`);
    fs.writeFileSync(path.join(workspace, 'README.md'), '# A repository cloned from somewhere\n');
    const editorTmp = path.join(ctx.runDir, 'untrusted-editor-tmp');
    fs.mkdirSync(editorTmp, { mode: 0o700 });

    server = await startCodeServer({
      workspace,
      workspaceTrust: true,
      installVsix: [ctx.vsix],
      env: { ...ctx.editorEnv, TMPDIR: editorTmp, AWS_ENDPOINT_URL: sdkEndpoint.endpoint },
      userSettings: { ...endpointSettings(ctx.aws.endpoint), 'roleChains.chains': [oneStepChain()] },
    });
    // Everything this editor writes is scanned for secrets at the end of the run (its folders stay until teardown).
    ctx.scanRoots.push(workspace, server.tempDir, editorTmp);
    const browser = ctx.page.context().browser();
    assert.ok(browser, 'the first editor page has no browser');
    page = await newPage(browser);
    wb = new Workbench(page);
    await openWorkbench(page, server.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const dir = path.join(repoRoot, 'test-results', 'e2e');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `untrusted-${this.currentTest.title.replace(/[^\w-]+/g, '-').slice(0, 70)}.png`) }).catch(() => undefined);
  });

  after(async () => {
    if (sdkEndpoint) e2e().extraSecrets?.push(...sdkEndpoint.seenSecrets());
    await page?.context().close();
    // The process stops now (it is not needed any more); its folders stay for the final secret scan.
    await server?.process.stop();
    await stopSdkEndpoint?.();
    await trap?.stop();
  });

  it('opens in Restricted Mode when the person answers "No, I don\'t trust the authors"; the repository\'s chains are not shown', async () => {
    await wb.dialog(/Do you trust the authors of the files in this folder\?/).waitFor({ timeout: 60_000 });
    await wb.dialogButton("No, I don't trust the authors");
    await wb.waitReady();
    await wb.statusBarItem(/Restricted Mode/).waitFor();
    await wb.openChainsView();
    await wb.row(ONE_STEP).waitFor();
    assert.equal(await wb.row(REPO_CHAIN).count(), 0, "the repository's own chain shows in Restricted Mode");
  });

  it("Restricted Mode: the user's chain runs and S3 is browsed; the workspace's endpoints get nothing (nor do the machine-scoped ones, ignored while untrusted)", async () => {
    e2e().aws.clearRequestLog();
    sdkEndpoint.clearRequestLog();
    await wb.openFile('.vscode/settings.json');
    await runChainAndBrowse();
    await waitForTraffic(() => sdkEndpoint.requestLog(), "the endpoint the SDK's environment names");
    await wb.clearNotifications();
    await wb.widenSideBar(480);
    await screenshot('30-restricted-mode', page);

    assert.equal(trap.connections(), 0, `the workspace's endpoint was contacted: ${trap.requests().join(', ')}`);
    assert.deepEqual(ops(machineLog()), [], 'the machine-scoped endpoint was used in Restricted Mode');
    assert.deepEqual(ops(sdkEndpoint.requestLog()), ['s3 ListBuckets', 's3 ListObjectsV2', 'sts AssumeRole']);
  });

  it("trusted from the Workspace Trust editor: the machine-scoped endpoint is used after a new run; the workspace's still gets nothing", async () => {
    await wb.statusBarItem(/Restricted Mode/).click();
    await page?.locator('.part.editor .monaco-button', { hasText: /^Trust$/ }).first().click();
    await wb.statusBarItem(/Restricted Mode/).waitFor({ state: 'hidden' });
    await wb.openChainsView();
    await wb.row(REPO_CHAIN).waitFor(); // trusted: the workspace's chains apply

    await wb.openChainsView();
    await wb.clickInline(ONE_STEP, 'Sign Out');
    await wb.chainsPane().locator('.monaco-list-row', { hasText: new RegExp(`^${ONE_STEP}.*signed out`) }).first().waitFor();
    e2e().aws.clearRequestLog();
    sdkEndpoint.clearRequestLog();
    await runChainAndBrowse();
    await waitForTraffic(machineLog, 'the machine-scoped endpoint');

    assert.equal(trap.connections(), 0, `the workspace's endpoint was contacted: ${trap.requests().join(', ')}`);
    assert.deepEqual(ops(sdkEndpoint.requestLog()), [], 'the SDK-configured endpoint was used although the machine setting applies');
    assert.deepEqual(ops(machineLog()), ['s3 ListBuckets', 's3 ListObjectsV2', 'sts AssumeRole']);
  });

  it("this editor's browser storage holds no secret in plaintext", async () => {
    assert.ok(page);
    const secrets = [...e2e().aws.seenSecrets(), ...sdkEndpoint.seenSecrets()];
    assert.ok(secrets.some((s) => s.kind === 'sessionToken') && secrets.some((s) => s.value === SEED.externalIdNoMfa));
    const dump = await dumpBrowserStorage(page);
    const texts = [...dump.indexedDb, ...Object.entries(dump.localStorage).map(([k, v]) => ({ where: `localStorage ${k}`, text: v }))];
    assert.ok(texts.length > 0, 'nothing read from the browser storage');
    const hits = scanTexts(texts, secrets);
    assert.deepEqual(hits, [], describeHits(hits));
  });
});
