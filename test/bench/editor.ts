// The real editor for the activation case, through the harness: code-server (VS Code 1.100, Node extension host)
// opened by headless chromium on VS Code's test route, with the bench's probe as the extension tests entry.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../harness/browser';
import { startCodeServer } from '../harness/codeServer';
import { CODE_SERVER_VERSION } from '../harness/installCodeServer';
import { codeServerCache } from '../harness/paths';
import { baseCredentialsEnv, endpointSettings, oneStepChain, threeStepChain, twoStepChain } from '../harness/seedChains';
import { runExtensionTests } from '../harness/workbench';
import { PROBE_LINE, PROFILE_DIR_ENV, PROFILE_FILE, RELEASE_ENV, type ProbeReport } from './host/probeReport';

const EDITOR_RUN_TIMEOUT_MS = 120_000;

/** Why the editor cannot run here without installing anything, or undefined when it can. */
export function editorUnavailable(): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(codeServerCache, 'node_modules', 'code-server', 'package.json'), 'utf8')) as { version?: string };
    if (pkg.version !== CODE_SERVER_VERSION) return `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerCache}`;
  } catch {
    return `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerCache}`;
  }
  try {
    execFileSync('which', ['chromium'], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    return 'chromium is not installed';
  }
  return undefined;
}

/** A workspace like a person's: the seed chains in its settings. */
export function makeWorkspace(dir: string): string {
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'roleChains.chains': [twoStepChain(), threeStepChain(), oneStepChain()] }, null, 2));
  return dir;
}

export interface EditorRun {
  probe: ProbeReport;
  /** What Developer: Show Running Extensions shows for the extension (load + activate), when it could be read. */
  runningExtensionsText?: string;
  uiError?: string;
}

export interface EditorSession {
  /**
   * One fresh code-server (own user data) and page: a cold extension host. With `profileDir`, the extension host
   * runs under the CPU profiler (host/profilePreload.ts) and its profile is written there before the host ends.
   */
  runOnce(options?: { profileDir?: string; extensionDir?: string }): Promise<EditorRun & { profile?: string }>;
  close(): Promise<void>;
}

export async function openEditorSession(opts: { workspace: string; extensionDir: string; endpoint: string; tmp: string; readUi: boolean }): Promise<EditorSession> {
  const browser: Browser = await launchBrowser();
  let runs = 0;
  return {
    async runOnce(options = {}) {
      const release = path.join(opts.tmp, `release-${runs++}`);
      const { profileDir } = options;
      const profiling: Record<string, string> = profileDir
        ? { NODE_OPTIONS: `--require ${path.join(__dirname, 'host', 'profilePreload.js')}`, [PROFILE_DIR_ENV]: profileDir }
        : {};
      if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
      const server = await startCodeServer({
        workspace: opts.workspace,
        env: { ...baseCredentialsEnv(), [RELEASE_ENV]: release, ...profiling },
        userSettings: endpointSettings(opts.endpoint),
      });
      const page = await newPage(browser);
      try {
        let probe: ProbeReport | undefined;
        let ui: Promise<{ text?: string; error?: string }> = Promise.resolve({});
        const code = await runExtensionTests(page, {
          origin: server.origin,
          port: server.port,
          workspace: opts.workspace,
          extensionDevelopmentPath: options.extensionDir ?? opts.extensionDir,
          extensionTestsPath: path.join(__dirname, 'host', 'index'),
          timeoutMs: EDITOR_RUN_TIMEOUT_MS,
          onLog: (line) => {
            const at = line.indexOf(PROBE_LINE);
            if (at < 0 || probe) return;
            probe = JSON.parse(line.slice(at + PROBE_LINE.length).trim()) as ProbeReport;
            // The probe holds the extension host open until the view has been read (and the profile written).
            ui = (opts.readUi ? readRunningExtensions(page) : Promise.resolve({}))
              .then(async (shown) => {
                if (profileDir) await writeProfile(profileDir);
                return shown;
              })
              .finally(() => fs.writeFileSync(release, ''));
          },
        });
        const shown = await ui;
        if (code !== 0) throw new Error(`the probe in the extension host failed (exit ${code})`);
        if (!probe) throw new Error('the probe in the extension host printed no report');
        const profile = profileDir ? path.join(profileDir, PROFILE_FILE) : undefined;
        return { probe, ...(profile && fs.existsSync(profile) ? { profile } : {}), ...(shown.text ? { runningExtensionsText: shown.text } : {}), ...(shown.error ? { uiError: shown.error } : {}) };
      } finally {
        await page.context().close().catch(() => undefined);
        await server.stop();
      }
    },
    close: () => browser.close(),
  };
}

/** Tells the preloaded profiler to stop and waits (bounded) for its file. */
async function writeProfile(dir: string): Promise<void> {
  fs.writeFileSync(path.join(dir, 'stop'), '');
  const until = Date.now() + 15_000;
  while (!fs.existsSync(path.join(dir, PROFILE_FILE)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Developer: Show Running Extensions, the extension's row, its activation time as the editor shows it. */
async function readRunningExtensions(page: Page): Promise<{ text?: string; error?: string }> {
  try {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('>Developer: Show Running Extensions');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().click({ timeout: 15_000 });
    // A development extension is listed by its id, an installed one by its display name.
    const row = page.locator('.monaco-list-row', { hasText: /AWS Role Chains|role-chains\.aws-role-chains/ }).first();
    const text = (await row.locator('.activation-time').textContent({ timeout: 15_000 })) ?? '';
    return { text: text.trim() };
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
