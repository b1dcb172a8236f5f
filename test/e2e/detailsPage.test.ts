// The installed .vsix's details page (Extensions view → AWS Role Chains) renders the README with every picture:
// the package ships small screenshots, stays within its size budget, and no image on the page is broken.
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

  it(`ships every picture the README shows, in a .vsix of at most ${MAX_VSIX_BYTES / 1024} KiB`, () => {
    const vsix = e2e().vsix ?? '';
    assert.ok(fs.existsSync(vsix), 'the run has no .vsix');
    assert.ok(fs.statSync(vsix).size <= MAX_VSIX_BYTES, `${path.basename(vsix)} is ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB`);
    const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n');
    assert.ok(readmeImages.length >= 10, 'the README lost its pictures');
    for (const image of readmeImages) {
      assert.ok(!/^[a-z]+:/i.test(image), `${image}: relative paths only, so the page reads them from the installed extension`);
      assert.ok(listing.includes(`extension/${image}`), `${image} is not in the .vsix`);
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
    assert.deepEqual(broken.map((i) => `${i.alt}: ${i.src}`), [], 'broken images on the details page');
    await wb.runCommand('View: Close All Editors');
  });
});
