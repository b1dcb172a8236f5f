// Headless Debian chromium driven by playwright-core (no bundled browser download, no display needed).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onCleanup } from './cleanup';
import { withTimeout } from './timebox';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function chromiumPath(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', timeout: 5_000 }).trim();
      if (found && fs.existsSync(found)) return found;
    } catch {
      /* try the next name */
    }
  }
  throw new Error('chromium not found on PATH; install it first (apt-get install -y chromium)');
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await withTimeout(
    chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
      // Our teardown closes the browser on Ctrl-C/SIGTERM along with everything else; Playwright's own handlers
      // would exit the process before code-server and the endpoint are stopped.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    }),
    70_000,
    'chromium to start',
  );
  onCleanup('close chromium', () => withTimeout(browser.close(), 10_000, 'chromium to close'));
  return browser;
}

/** A page with a desktop-sized viewport, so screenshots look like a real editor window. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}
