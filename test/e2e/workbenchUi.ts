// Person-like actions on the VS Code workbench (1.100, code-server): click the activity bar, type in the command
// palette and input boxes, hover tree rows for their inline buttons. Selectors are the ones verified on 1.100.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { pollUntil } from '../harness/timebox';

export const CONTAINER_TITLE = 'Role Chains';

export class Workbench {
  constructor(readonly page: Page) {}

  async waitReady(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The activity bar fills in once the extension host has registered the contributed containers.
    await this.activityBarItem().waitFor({ timeout: 60_000 });
  }

  activityBarItem(): Locator {
    return this.page.locator(`.activitybar .action-item a.action-label[aria-label^="${CONTAINER_TITLE}"]`);
  }

  /**
   * Opens the Role Chains container. Clicking an active container's icon hides the side bar, so click only until
   * the side bar shows the container (a reload can restore it active but hidden).
   */
  async openChainsView(): Promise<void> {
    // With a single view the pane header is hidden; the side bar's title names the container.
    const title = this.page.locator('.part.sidebar .composite.title', { hasText: new RegExp(CONTAINER_TITLE, 'i') }).first();
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await title.isVisible()) return;
      await this.activityBarItem().click();
      await title.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await title.waitFor({ timeout: 5_000 });
  }

  /** The Chains view's pane (the container also holds the S3 view, whose rows name chains too). */
  chainsPane(): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header[aria-label^="Chains"]') }).first();
  }

  /** A row of the Chains view whose label is exactly `label`. */
  row(label: string): Locator {
    return this.chainsPane()
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escape(label)}$`) }) })
      .first();
  }

  /** Rows of the Chains view whose text matches, e.g. a step row showing an assumed identity. */
  rowMatching(text: RegExp): Locator {
    return this.chainsPane().locator('.monaco-list-row', { hasText: text }).first();
  }

  async expand(label: string): Promise<void> {
    const row = this.row(label);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await pollUntil(async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), 10_000, `row ${label} to expand`);
  }

  /** Hovers a row and clicks one of its inline action buttons, by the start of its label ("Run Role Chain", "Sign Out"). */
  async clickInline(label: string, action: string): Promise<void> {
    const row = this.row(label);
    await row.hover();
    await row.locator(`.actions .action-label[aria-label^="${action}"]`).first().click();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** F1, type the command's title, pick it. */
  async runCommand(title: string, screenshotBeforeEnter?: () => Promise<void>): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    if (screenshotBeforeEnter) await screenshotBeforeEnter();
    await row.click();
  }

  /** Picks an item of the open quick pick by its label. */
  async pick(label: string | RegExp, screenshotBefore?: () => Promise<void>): Promise<void> {
    const row = this.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    if (screenshotBefore) await screenshotBefore();
    await row.click();
  }

  /** Waits for an input box whose title matches, and returns its title. */
  async waitForInputBox(title: RegExp, timeout = 20_000): Promise<string> {
    const titleEl = this.quickInput().locator('.quick-input-title', { hasText: title });
    await titleEl.waitFor({ timeout });
    return (await titleEl.textContent()) ?? '';
  }

  /** The title of the input box showing now, or undefined when none is open. */
  async openInputBoxTitle(): Promise<string | undefined> {
    const widget = this.quickInput();
    if (!(await widget.isVisible())) return undefined;
    return (await widget.locator('.quick-input-title').textContent()) ?? '';
  }

  /** Types into the open input box, then Enter (or, with `beforeEnter`, lets the caller take a picture first). */
  async type(text: string, beforeEnter?: () => Promise<void>): Promise<void> {
    const input = this.quickInput().locator('input.input');
    await input.fill(text);
    if (beforeEnter) await beforeEnter();
    await input.press('Enter');
  }

  statusBarItem(text: RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  }

  /** The message of an error notification whose text matches (progress and info toasts are left out). */
  errorNotification(text: RegExp): Locator {
    return this.page
      .locator('.notifications-toasts .notification-toast', { has: this.page.locator('.codicon-error') })
      .locator('.notification-list-item-message', { hasText: text })
      .first();
  }

  /** Drags the side bar's edge so tree rows show their full descriptions (identities are long ARNs). */
  async widenSideBar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box || box.width >= width) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Quick Open (Ctrl+P) a workspace file by its path. */
  async openFile(relativePath: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input.input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.quickInput().locator('.quick-input-list .monaco-list-row').first().waitFor();
    await input.press('Enter');
    await this.page.locator('.part.editor .tab.active', { hasText: path.basename(relativePath) }).waitFor();
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Developer: Reload Window, then wait for the workbench to come back. */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { timeout: 30_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.waitReady();
  }

  private async focusWorkbench(): Promise<void> {
    // A click on the editor area gives the workbench keyboard focus without changing any view.
    await this.page.locator('.part.editor').click({ position: { x: 200, y: 200 } });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
