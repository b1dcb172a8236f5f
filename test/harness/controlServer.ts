// A small JSON API on 127.0.0.1 through which the tests running inside the extension host reach what only the
// harness holds: the local endpoint's request log and MFA codes, scans of the editor's files and browser storage
// for secrets, and (code-server only) what the workbench shows. The suite finds it through ROLE_CHAINS_IT_CONTROL.
// It never serves a secret other than a current MFA code; scan results name the kind of secret and the place only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { LocalAws } from '../localAws';
import { dumpBrowserStorage } from './browserStorage';
import { onCleanup } from './cleanup';
import { scanFiles, scanTexts, type Hit } from './secretScan';

export interface ControlServer {
  url: string;
  stop(): Promise<void>;
}

export interface ControlOptions {
  aws: LocalAws;
  /** The workbench page, once there is one (code-server runs only). */
  page: () => Page | undefined;
  /** Folders the editor writes to (user data, workspace, HOME…): scanned for secrets on request. */
  scanRoots: () => string[];
}

/** What the workbench shows, read from the DOM: the in-host tests use it to see what a person would see. */
const UI_SCRIPTS: Record<string, string> = {
  // Rows of the views in the side bar (the Role Chains container when it is open).
  sideBarRows: `Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row')).map((r) => (r.getAttribute('aria-label') || '') + ' | ' + (r.textContent || ''))`,
  statusBar: `Array.from(document.querySelectorAll('.part.statusbar .statusbar-item')).map((e) => (e.getAttribute('aria-label') || '') + ' | ' + (e.textContent || ''))`,
  notifications: `Array.from(document.querySelectorAll('.notifications-toasts .notification-toast')).map((e) => e.textContent || '')`,
  // The open quick pick / input box: its title, then its rows.
  quickInput: `(() => { const w = document.querySelector('.quick-input-widget'); if (!w || w.style.display === 'none') return [];
    return [w.querySelector('.quick-input-title')?.textContent || '', ...Array.from(w.querySelectorAll('.quick-input-list .monaco-list-row')).map((r) => r.getAttribute('aria-label') || r.textContent || '')]; })()`,
};

export interface DiskScanReport {
  filesScanned: number;
  /** The scanner found the marker it planted: proof that a leak would be found. */
  canaryFound: boolean;
  /** The scan found the (non-secret) text the test asked for: proof the editor had written what it was waiting on. */
  expectedFound: boolean;
  hits: Hit[];
}

export interface BrowserScanReport {
  available: boolean;
  storesScanned: number;
  /** localStorage key where code-server keeps SecretStorage, and whether it holds anything. */
  secretStorageKeyPresent: boolean;
  hits: Hit[];
}

export async function startControlServer(opts: ControlOptions): Promise<ControlServer> {
  const { aws } = opts;
  const server = http.createServer((req, res) => {
    void handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://127.0.0.1')).then(
      (body) => send(res, 200, body),
      (e: unknown) => send(res, 500, { error: e instanceof Error ? e.message : String(e) }),
    );
  });

  async function handle(method: string, url: URL): Promise<unknown> {
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /requestLog':
        return aws.requestLog();
      case 'POST /faults':
        // The network as a test needs it: ?bandwidthBytesPerSec=N, ?refuseAll=1, ?dropConnections=1; none clears.
        // ?s3IgnoreWriteConditions=1 makes S3 a store without conditional writes.
        aws.setFaults({
          ...(url.searchParams.has('bandwidthBytesPerSec') ? { bandwidthBytesPerSec: Number(url.searchParams.get('bandwidthBytesPerSec')) } : {}),
          ...(url.searchParams.get('refuseAll') === '1' ? { refuseAll: true } : {}),
          ...(url.searchParams.get('dropConnections') === '1' ? { dropConnections: true } : {}),
          ...(url.searchParams.get('s3IgnoreWriteConditions') === '1' ? { s3IgnoreWriteConditions: true } : {}),
        });
        return {};
      case 'POST /clock':
        // ?advanceMs=N moves the endpoint's clock (negative: back), e.g. so STS issues a session that is about to expire.
        aws.advanceClock(Number(url.searchParams.get('advanceMs') ?? '0'));
        return {};
      case 'POST /requestLog/clear':
        aws.clearRequestLog();
        return {};
      case 'GET /mfaCode':
        return { code: aws.mfaCode(url.searchParams.get('user') ?? '') };
      case 'GET /secretKinds':
        // Counts only: lets a test check that the run it just made issued secrets the scans then look for.
        return countBy(aws.seenSecrets().map((s) => s.kind));
      case 'POST /scan/disk':
        // ?expect=<text>: also report whether that non-secret text is on disk yet (e.g. the log line of a sign-in).
        return scanDisk(url.searchParams.get('expect') ?? undefined);
      case 'POST /scan/browser':
        return scanBrowser();
      case 'GET /sso/pending':
        // The user codes of Identity Center sign-ins waiting for someone at the approval page.
        return aws.sso.pendingUserCodes();
      case 'POST /sso/approve':
        // What Allow on the approval page does, for the extension-host tests (which have no browser to click in).
        aws.sso.approve(url.searchParams.get('userCode') ?? '');
        return {};
      case 'POST /ui/expand':
        return expandRow(url.searchParams.get('label') ?? '');
    }
    if (method === 'GET' && url.pathname.startsWith('/ui/')) {
      const script = UI_SCRIPTS[url.pathname.slice('/ui/'.length)];
      if (!script) throw new Error(`unknown UI probe ${url.pathname}`);
      const page = opts.page();
      if (!page) return { available: false, items: [] };
      return { available: true, items: (await page.evaluate(script)) as string[] };
    }
    throw new Error(`no route ${route}`);
  }

  function scanDisk(expect?: string): DiskScanReport {
    const roots = opts.scanRoots();
    const canary = { kind: 'canary', value: `canary-${crypto.randomBytes(12).toString('hex')}` };
    const canaryFile = path.join(roots[0] ?? '.', `.secret-scan-canary-${process.pid}`);
    fs.writeFileSync(canaryFile, `planted by the harness: ${canary.value}\n`);
    try {
      const result = scanFiles(roots, [...aws.seenSecrets(), canary, ...(expect ? [{ kind: 'expected', value: expect }] : [])]);
      return {
        filesScanned: result.filesScanned,
        canaryFound: result.hits.some((h) => h.kind === 'canary'),
        expectedFound: result.hits.some((h) => h.kind === 'expected'),
        hits: result.hits.filter((h) => h.kind !== 'canary' && h.kind !== 'expected'),
      };
    } finally {
      fs.rmSync(canaryFile, { force: true });
    }
  }

  /** Expands a collapsed Chains view row, as a person clicking its twistie would (step rows are hidden until then). */
  async function expandRow(label: string): Promise<{ available: boolean; expanded: boolean }> {
    const page = opts.page();
    if (!page) return { available: false, expanded: false };
    // The Chains view's pane: the S3 view beside it has rows named after chains too.
    const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header[aria-label^="Chains"]') }).first();
    const row = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
    await row.waitFor({ timeout: 10_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    return { available: true, expanded: (await row.getAttribute('aria-expanded')) === 'true' };
  }

  async function scanBrowser(): Promise<BrowserScanReport> {
    const page = opts.page();
    if (!page) return { available: false, storesScanned: 0, secretStorageKeyPresent: false, hits: [] };
    const dump = await dumpBrowserStorage(page);
    const texts = [
      ...dump.indexedDb,
      ...Object.entries(dump.localStorage).map(([key, value]) => ({ where: `localStorage ${key}`, text: `${key}\n${value}` })),
    ];
    return {
      available: true,
      storesScanned: texts.length,
      secretStorageKeyPresent: (dump.localStorage['secrets.provider'] ?? '').length > 0,
      hits: scanTexts(texts, aws.seenSecrets()),
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const stop = onCleanup('stop the control server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}`, stop };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function countBy(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[i] = (out[i] ?? 0) + 1;
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
