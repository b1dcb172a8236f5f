// Opening the VS Code workbench in a page, and running an extension test suite inside its extension host.
import util from 'node:util';
import type { Page } from 'playwright-core';
import { withTimeout } from './timebox';

export const WORKBENCH_READY_MS = 60_000;

/** The workbench's own start-up chatter, forwarded along with the extension host's console: not worth printing. */
const NOISE = [
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
];

/** Opens `url` and waits until the workbench has rendered. */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WORKBENCH_READY_MS });
  await page.waitForSelector('.monaco-workbench', { timeout: WORKBENCH_READY_MS });
}

export interface ExtensionTestRun {
  /** code-server's origin, e.g. http://127.0.0.1:8080 */
  origin: string;
  port: number;
  workspace: string;
  /** Absolute path of the extension folder (package.json). */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled test entry that exports run(), without .js. */
  extensionTestsPath: string;
  timeoutMs: number;
  /** Receives each console line of the extension host (mocha's reporter). */
  onLog?: (line: string) => void;
}

/**
 * VS Code's browser-integration-test route: the `payload` query parameter carries extensionDevelopmentPath and
 * extensionTestsPath as vscode-remote URIs, so the extension and its tests load in code-server's remote Node
 * extension host. The workbench forwards that host's console to window.codeAutomationLog and reports the suite's
 * outcome through window.codeAutomationExit. Resolves with the exit code (0 = all passed).
 */
export async function runExtensionTests(page: Page, run: ExtensionTestRun): Promise<number> {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${run.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(run.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${run.origin}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const log = run.onLog ?? ((line: string) => console.log(line));

  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    if (!NOISE.some((re) => re.test(line))) log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
  page.on('pageerror', (e) => log(`[workbench page error] ${e.message}`));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WORKBENCH_READY_MS });
  return withTimeout(exited, run.timeoutMs, 'the extension host test suite to finish (codeAutomationExit was never called)');
}
