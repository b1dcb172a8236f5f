// What the e2e flows share, set up by test/harness/runE2e.ts before mocha loads the flows: the workbench page, the
// local endpoint (for MFA codes and its request log) and the editor's folders.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { LocalAws } from '../localAws/types';
import type { Secret } from '../harness/secretScan';
import { repoRoot } from '../harness/paths';
import { readmeImage } from '../harness/readmeImage';

export interface E2eContext {
  page: Page;
  aws: LocalAws;
  /** URL that opens the workspace. */
  url: string;
  /** Folders the editor writes to, for the secret scan. */
  scanRoots: string[];
  screenshotsDir: string;
  /** The packaged extension, for flows that start another editor (e.g. one with workspace trust on). */
  vsix?: string;
  /** The editor's environment (base credentials, AWS config files, log level), for such another editor. */
  editorEnv?: Record<string, string>;
  /** The editor's user-data folder (settings, logs, globalStorage, workspaceStorage). */
  userDataDir?: string;
  /** A folder of this run for a flow's own fixtures; removed at the end. */
  runDir?: string;
  /** Secrets issued or received by endpoints other than `aws` (another editor's), for the final scan. */
  extraSecrets?: Secret[];
}

let current: E2eContext | undefined;

export function setE2eContext(ctx: E2eContext): void {
  current = ctx;
}

export function e2e(): E2eContext {
  if (!current) throw new Error('the e2e flows run through test/harness/runE2e.ts (npm run test:e2e)');
  return current;
}

/** A part of the window, in page pixels. */
export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A picture of the whole window for the README (media/screenshots/<name>.webp, small enough to ship in the .vsix), or
 * of the `clip` part of it only: the .vsix's size budget leaves room for few more whole windows.
 */
export async function screenshot(name: string, page: Page = e2e().page, clip?: Clip): Promise<void> {
  const { screenshotsDir } = e2e();
  fs.mkdirSync(screenshotsDir, { recursive: true });
  // No hover tooltip from the last click (the pointer rests on empty editor space), and animations (notifications
  // sliding in, list focus) settled, so the picture shows what a person sees.
  await page.mouse.move(1000, 640);
  await page.waitForTimeout(600);
  const png = await page.screenshot(clip ? { clip } : {});
  fs.writeFileSync(path.join(screenshotsDir, `${name}.webp`), await readmeImage(page, png));
}

/** What the window showed when a flow failed: test-results/e2e/<flow>.png (ignored by git). */
export async function failureScreenshot(title: string): Promise<void> {
  const dir = path.join(repoRoot, 'test-results', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${title.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`);
  try {
    await e2e().page.screenshot({ path: file });
    console.log(`      failure screenshot: ${path.relative(repoRoot, file)}`);
  } catch {
    /* the page is gone (e.g. the run was interrupted) */
  }
}
