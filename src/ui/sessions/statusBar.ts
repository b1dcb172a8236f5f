import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { displayTimeLeft, msLeft } from '../../core/session';
import type { SessionStore } from '../../secrets/sessionStore';

const WARN_BELOW_MS = 5 * 60_000;

/**
 * The active chain (chosen last, else the most recently signed in) and its time left; warning colours in the last
 * five minutes; clicking opens the session menu. Before any sign-in it offers Run Role Chain… when chains are
 * configured (so a chain can be run from the status bar, as the README says), and is hidden when none are.
 */
export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('roleChains.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
    tick: vscode.Event<void>,
    private readonly chains: { readonly chains: readonly unknown[]; readonly onDidChange: vscode.Event<void> },
  ) {
    this.item.name = vscode.l10n.t('AWS Role Chains');
    // The first paint comes just after activation: it reads the settings and the sessions, which activation does not.
    const first = setTimeout(() => this.update(), 0);
    this.subscriptions = [
      this.item,
      store.onDidChangeSessions(() => this.update()),
      tick(() => this.update()),
      chains.onDidChange(() => this.update()),
      { dispose: () => clearTimeout(first) },
    ];
  }

  update(): void {
    const session = this.store.active();
    if (!session) {
      this.showSignedOut();
      return;
    }
    this.item.command = 'roleChains.sessions.showMenu';
    const now = this.clock.now();
    const left = msLeft(session, now);
    const others = this.store.all().length - 1;
    this.item.text = `$(key) ${session.chainName} · ${displayTimeLeft(session.expiresAt, now)}`;
    this.item.backgroundColor = left < WARN_BELOW_MS ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**AWS Role Chains**\n\n');
    tooltip.appendText(vscode.l10n.t('Signed in to {0} until {1}.', session.chainName, new Date(session.expiresAt).toLocaleTimeString()));
    const last = session.steps[session.steps.length - 1];
    if (last) tooltip.appendText(`\n\n${vscode.l10n.t('Identity: {0}', last.assumedRoleArn)}`);
    if (others > 0) tooltip.appendText(`\n\n${others === 1 ? vscode.l10n.t('1 other chain signed in.') : vscode.l10n.t('{0} other chains signed in.', others)}`);
    tooltip.appendText(`\n\n${vscode.l10n.t('Click to run again, switch or sign out.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Role chain {0}, {1} left', session.chainName, displayTimeLeft(session.expiresAt, now)) };
    this.item.show();
  }

  private showSignedOut(): void {
    if (this.chains.chains.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(key) ${vscode.l10n.t('Run Role Chain…')}`;
    this.item.tooltip = vscode.l10n.t('AWS Role Chains: no chain is signed in. Click to run one.');
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Run Role Chain: no role chain is signed in') };
    this.item.command = 'roleChains.chains.run';
    this.item.show();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
