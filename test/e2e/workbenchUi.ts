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

  /**
   * For a claim that something does not happen (no prompt after a reload): watches the whole window instead of
   * sleeping and looking once, so a prompt that shows and goes is caught too. Call it after the state the claim
   * is about has shown (e.g. the restored status bar item); a window cannot prove more than its length.
   */
  async expectNoInputBoxFor(ms: number, why: string): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const title = await this.openInputBoxTitle();
      if (title !== undefined) throw new Error(`${why}: an input box opened ("${title}")`);
      await this.page.waitForTimeout(100);
    }
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

  // ---- Explorer, S3 view, menus, dialogs, drag and drop (the S3 and chain-editing flows) ------------------------

  /** Opens the Explorer (clicking its icon only while it is not showing: a second click would hide the side bar). */
  async openExplorer(): Promise<void> {
    const icon = this.page.locator('.activitybar .action-item a.action-label[aria-label^="Explorer"]');
    const folders = this.page.locator('.part.sidebar .explorer-folders-view');
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await folders.isVisible()) return;
      await icon.click();
      await folders.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await folders.waitFor({ timeout: 5_000 });
  }

  /** A row of the Explorer's file tree by its file or folder name. */
  explorerRow(name: string): Locator {
    return this.page
      .locator('.part.sidebar .explorer-folders-view .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escape(name)}$`) }) })
      .first();
  }

  /** Expands an Explorer folder row. */
  async expandExplorer(name: string): Promise<void> {
    await expandRow(this.explorerRow(name), name);
  }

  /** The S3 view's pane (in the Role Chains container, below Chains). */
  s3Pane(): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header[aria-label^="S3"]') }).first();
  }

  /** A row of the S3 view whose label is exactly `label` (a session, bucket, folder or object). */
  s3Row(label: string): Locator {
    return this.s3Pane()
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escape(label)}$`) }) })
      .first();
  }

  /** A row of the S3 view whose text (label and description) matches. */
  s3RowMatching(text: RegExp): Locator {
    return this.s3Pane().locator('.monaco-list-row', { hasText: text }).first();
  }

  /** Expands an S3 row (bucket or folder): its children are listed when it opens. */
  async expandS3(label: string): Promise<void> {
    await expandRow(this.s3Row(label), label);
  }

  /**
   * Right-clicks `row` and chooses `item` from its context menu. The menu ignores a click that comes right after it
   * opened (the right button's release must not pick an entry), so the click waits for the menu to settle and is
   * repeated once if the menu is still open.
   */
  async contextMenu(row: Locator, item: string | RegExp, screenshotBefore?: () => Promise<void>): Promise<void> {
    const entry = this.page.locator('.monaco-menu .action-item', { hasText: item }).first();
    // A tree that re-renders between finding the row and the click (a refresh after a settings or session change)
    // puts the menu on the row that moved under the pointer: close that menu and right-click the row again.
    for (let attempt = 1; ; attempt++) {
      await row.waitFor();
      await row.click({ button: 'right' });
      try {
        await entry.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await this.page.keyboard.press('Escape');
        await this.page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      }
    }
    await entry.hover();
    await this.page.waitForTimeout(250);
    if (screenshotBefore) await screenshotBefore();
    await entry.click();
    const menu = this.page.locator('.monaco-menu');
    if (await menu.first().isVisible()) {
      await this.page.waitForTimeout(500);
      if (await entry.isVisible()) await entry.click();
    }
    await menu.first().waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /**
   * A row of the open quick pick or dialog list by its label alone. (A reused row can keep a hidden description
   * from an earlier list in its text, so matching the whole row's text is not enough for short labels.)
   */
  quickPickRowLabeled(label: RegExp): Locator {
    return this.quickInput()
      .locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) })
      .first();
  }

  /** The rows of the open quick pick (label, description and detail as text). */
  async quickPickTexts(): Promise<string[]> {
    return this.quickInput().locator('.quick-input-list .monaco-list-row').allInnerTexts();
  }

  /** The open input box's message line: its prompt, or the validation message for what is typed. */
  async inputMessage(): Promise<string> {
    return (await this.quickInput().locator('.quick-input-message').innerText()).trim();
  }

  /** Waits until the open input box's message line matches (validation runs in the extension host, a moment later). */
  async waitForInputMessage(text: RegExp, timeout = 10_000): Promise<string> {
    const message = this.quickInput().locator('.quick-input-message', { hasText: text });
    await message.waitFor({ timeout });
    return (await message.innerText()).trim();
  }

  /** Types into the open input box without accepting it (validation as you type shows in `inputMessage`). */
  async fill(text: string): Promise<void> {
    await this.quickInput().locator('input.input').fill(text);
  }

  /**
   * Fills the quick input and checks the value stuck: VS Code's path dialog may still be writing its default path
   * into the box when it appears, and a fill in that moment ends up appended to it.
   */
  async fillExactly(text: string, tries = 5): Promise<void> {
    const input = this.quickInput().locator('input.input');
    for (let i = 0; i < tries; i++) {
      await input.fill(text);
      await this.page.waitForTimeout(400);
      if ((await input.inputValue()) === text) return;
    }
    throw new Error(`the input box did not keep the typed path (it shows "${await input.inputValue()}")`);
  }

  /** Clicks a button of the quick input's bar by its label (OK, Upload…). */
  async quickInputButton(label: string): Promise<void> {
    await this.quickInput().locator('.monaco-button', { hasText: new RegExp(`^${escape(label)}$`) }).first().click();
  }

  /** The Back button of a multi-step quick input. */
  async quickInputBack(): Promise<void> {
    await this.quickInput().locator('.quick-input-titlebar .action-label[aria-label^="Back"]').first().click();
  }

  /** A modal dialog (confirmations, the overwrite question) whose text matches. */
  dialog(text: RegExp): Locator {
    return this.page.locator('.monaco-dialog-box', { hasText: text }).first();
  }

  /** Clicks a button of the open modal dialog by its exact label. */
  async dialogButton(label: string): Promise<void> {
    const box = this.page.locator('.monaco-dialog-box').first();
    await box.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${escape(label)}$`) }).first().click();
    await box.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** A notification toast of any kind (information, progress, warning) whose text matches. */
  notification(text: RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  }

  /**
   * Drags `source` with the mouse as a person would, over the activity bar icon of `container` (VS Code opens a
   * container a dragged item rests on), then drops it on `target` once that shows. Chromium's drag events are real
   * (Playwright intercepts the native drag), so the tree's drop controller gets what a person's drop gives it.
   */
  async dragAcross(source: Locator, container: string, target: Locator): Promise<void> {
    const from = await source.boundingBox();
    const icon = this.page.locator(`.activitybar .action-item a.action-label[aria-label^="${container}"]`);
    const over = await icon.boundingBox();
    if (!from || !over) throw new Error('drag: the source row or the activity bar icon is not on screen');
    await this.page.mouse.move(from.x + 30, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 60, from.y + from.height / 2 + 20, { steps: 5 });
    await this.page.mouse.move(over.x + over.width / 2, over.y + over.height / 2, { steps: 5 });
    // Keep the drag moving over the icon until the container has opened and shows the target (bounded).
    const deadline = Date.now() + 8_000;
    let nudge = 0;
    while (!(await target.isVisible()) && Date.now() < deadline) {
      await this.page.waitForTimeout(150);
      await this.page.mouse.move(over.x + over.width / 2 + (nudge++ % 2), over.y + over.height / 2);
    }
    const to = await target.boundingBox();
    if (!to) {
      await this.page.mouse.up();
      throw new Error(`drag: the drop target did not show after resting on the ${container} icon`);
    }
    await this.page.mouse.move(to.x + 40, to.y + to.height / 2, { steps: 5 });
    await this.page.waitForTimeout(200);
    await this.page.mouse.up();
  }

  private async focusWorkbench(): Promise<void> {
    // A click on the editor area gives the workbench keyboard focus without changing any view.
    await this.page.locator('.part.editor').click({ position: { x: 200, y: 200 } });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens a tree row by its twistie unless it is open already, and waits until it shows as expanded. */
async function expandRow(row: Locator, label: string): Promise<void> {
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await pollUntil(async () => ((await row.getAttribute('aria-expanded')) === 'true' ? true : undefined), 10_000, `row ${label} to expand`);
}
