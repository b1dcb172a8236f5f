import { ChainNode } from './nodes';
import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { SessionStore } from '../../secrets/sessionStore';
import type { Settings } from '../settings/settings';
import type { ChainRunner } from './chainRunner';
import type { ChainsNode } from './nodes';

const SETTINGS_WAIT_MS = 5_000;

/**
 * Selects a chain's row once the settings the wizard wrote have been parsed (the configuration change event may
 * arrive after `update()` resolves). Gives up quietly after a few seconds: the chain is written either way.
 */
export interface RevealDeps {
  settings: Settings;
  store: SessionStore;
  runner: ChainRunner;
  clock: Clock;
  view: vscode.TreeView<ChainsNode>;
}

export async function revealChain(d: RevealDeps, name: string): Promise<boolean> {
  if (!d.settings.chain(name)) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, SETTINGS_WAIT_MS);
      const sub = d.settings.onDidChange(() => {
        if (d.settings.chain(name)) done();
      });
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
  const chain = d.settings.chain(name);
  if (!chain) return false;
  // Rows are matched by id (chain/<name>), so a fresh node stands for the row the view shows.
  const node = new ChainNode(chain, d.store.get(name), d.runner.status(name), d.clock.now());
  await d.view.reveal(node, { select: true, focus: true, expand: true });
  return true;
}
