// README pictures small enough to ship in the .vsix (its details page shows them; the package stays ≤ 600 KiB):
// the window's PNG scaled to 60 % and encoded as WebP by the browser that took it, so no image tool is needed.
import type { Page } from 'playwright-core';

export const README_IMAGE_SCALE = 0.6;
export const README_IMAGE_QUALITY = 0.6;

/** `png` (any size) as a WebP at README_IMAGE_SCALE, encoded inside `page` (a detached canvas: the page is untouched). */
export async function readmeImage(page: Page, png: Buffer): Promise<Buffer> {
  // A string: the tests compile without DOM types, and this runs in the page.
  const arg = JSON.stringify({ b64: png.toString('base64'), scale: README_IMAGE_SCALE, quality: README_IMAGE_QUALITY });
  const b64 = await page.evaluate<string>(
    `(async ({ b64, scale, quality }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      const context = canvas.getContext('2d');
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality });
      if (blob.type !== 'image/webp') throw new Error('the browser wrote ' + blob.type + ', not image/webp');
      let binary = '';
      for (const b of new Uint8Array(await blob.arrayBuffer())) binary += String.fromCharCode(b);
      return btoa(binary);
    })(${arg})`,
  );
  return Buffer.from(b64, 'base64');
}
