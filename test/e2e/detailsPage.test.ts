// The installed .vsix's details page (Extensions view → AWS Role Chains) renders the README with every picture:
// the package ships small screenshots, stays within its size budget, and no image on the page is broken. And Show
// Running Extensions lists it as an installed extension: display name and icon, not a raw id.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from '../harness/paths';
import { pollUntil } from '../harness/timebox';
import { e2e, failureScreenshot } from './context';
import { Workbench } from './workbenchUi';

const MAX_VSIX_BYTES = 600 * 1024;

interface PageImage {
  src: string;
  alt: string;
  /** Done: loaded or failed. */
  complete: boolean;
  loaded: boolean;
}

/**
 * The images a frame of the page shows, each scrolled into view first (a lazily loaded picture below the fold would
 * never finish), or undefined when the frame has none.
 */
async function imagesIn(frame: Frame): Promise<PageImage[] | undefined> {
  // A string: the tests compile without DOM types, and this runs in the page.
  const images = await frame
    .evaluate<PageImage[]>(
      `Array.from(document.images).map((i) => {
        if (!i.complete) i.scrollIntoView();
        return { src: i.src, alt: i.alt, complete: i.complete, loaded: i.complete && i.naturalWidth > 0 };
      })`,
    )
    .catch(() => undefined);
  return images && images.length > 0 ? images : undefined;
}

describe('details page of the installed extension', function () {
  this.timeout(120_000);
  const readmeImages = [...fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await failureScreenshot(this.currentTest.title);
  });
  // The next flows expect the editor as it was: no details page, no search in the Extensions view.
  after(async () => {
    const wb = new Workbench(e2e().page);
    await e2e().page.keyboard.press('Escape');
    await wb.runCommand('View: Close All Editors');
    await wb.openExplorer();
  });

  it(`ships every picture the README shows, inlined (the page loads no relative image), in a .vsix of at most ${MAX_VSIX_BYTES / 1024} KiB`, () => {
    const vsix = e2e().vsix ?? '';
    assert.ok(fs.existsSync(vsix), 'the run has no .vsix');
    assert.ok(fs.statSync(vsix).size <= MAX_VSIX_BYTES, `${path.basename(vsix)} is ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB`);
    assert.ok(readmeImages.length >= 10, 'the README lost its pictures');
    const packaged = execFileSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const sources = [...packaged.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string);
    assert.equal(sources.length, readmeImages.length, "the packaged README's pictures are not the repository's");
    for (const [i, src] of sources.entries()) {
      assert.match(src.slice(0, 40), /^data:image\/webp;base64,/, `${readmeImages[i]} is not inlined`);
      assert.deepEqual(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'), fs.readFileSync(path.join(repoRoot, readmeImages[i] as string)), `${readmeImages[i]} differs`);
    }
  });

  it('shows the README with no broken image', async () => {
    const wb = new Workbench(e2e().page);
    await wb.waitReady();
    // As a person would: the Extensions view, its search box, the installed extension's row.
    await e2e().page.locator('.activitybar .action-item a.action-label[aria-label^="Extensions"]').click();
    const search = e2e().page.locator('.extensions-viewlet .suggest-input-container');
    await search.waitFor();
    await search.click();
    await e2e().page.keyboard.type('@installed AWS Role Chains');
    const row = e2e().page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'AWS Role Chains' }).first();
    await row.click();
    await e2e().page.locator('.extension-editor .name', { hasText: 'AWS Role Chains' }).first().waitFor();
    // The README is in a webview (nested frames): wait until its pictures are there and done loading.
    const images = await pollUntil(
      async () => {
        for (const frame of e2e().page.frames()) {
          const found = await imagesIn(frame);
          if (found && found.length >= readmeImages.length && found.every((i) => i.complete)) return found;
        }
        return undefined;
      },
      60_000,
      "the details page's README pictures",
      500,
    );
    const broken = images.filter((i) => !i.loaded);
    assert.deepEqual(broken.map((i) => `${i.alt}: ${i.src.slice(0, 120)}`), [], 'broken images on the details page');
  });

  it('is listed by Show Running Extensions under its display name, with its icon (installed, not a raw id)', async () => {
    const wb = new Workbench(e2e().page);
    await wb.runCommand('Developer: Show Running Extensions');
    const row = e2e().page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'AWS Role Chains' }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.equal((await row.locator('.name').first().textContent())?.trim(), 'AWS Role Chains');
    // A string: the tests compile without DOM types, and this runs in the page.
    const icon = await pollUntil(
      async () =>
        (await e2e().page.evaluate(
          `(() => {
            const row = Array.from(document.querySelectorAll('.runtime-extensions-editor .monaco-list-row'))
              .find((r) => (r.querySelector('.name')?.textContent ?? '').trim() === 'AWS Role Chains');
            const i = row?.querySelector('img.icon');
            return i && i.complete ? { src: i.src, loaded: i.naturalWidth > 0 } : undefined;
          })()`,
        )) as { src: string; loaded: boolean } | undefined,
      30_000,
      'the running extension row\'s icon',
      500,
    );
    assert.ok(icon.loaded && /icon\.png/.test(icon.src), `the row's icon is ${icon.src.slice(0, 120)} (${icon.loaded ? 'loaded' : 'broken'})`);
  });
});
