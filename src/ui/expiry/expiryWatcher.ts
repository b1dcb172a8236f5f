import * as vscode from 'vscode';
import type { ChainConfig } from '../../core/chain';
import type { Clock } from '../../core/clock';
import { toUserMessage } from '../../core/errorMessages';
import { isCancelled } from '../../core/errors';
import { planRefresh, type RefreshPlan } from '../../core/refresh';
import { formatTimeLeft, type Session } from '../../core/session';
import type { ExternalIdStore } from '../../secrets/externalIdStore';
import type { SessionStore } from '../../secrets/sessionStore';
import type { ChainRunner } from '../chains/chainRunner';
import type { Settings } from '../settings/settings';
import type { Log } from '../log/log';
import type { ExtrasUiHolder } from '../shared/dialogs';

export interface ExpiryDeps {
  store: SessionStore;
  settings: Settings;
  runner: ChainRunner;
  externalIds: ExternalIdStore;
  clock: Clock;
  log: Log;
  ui: ExtrasUiHolder;
  /** The minute tick: a safety net should a timer be missed (a suspended machine). */
  tick: vscode.Event<void>;
}

/** What a check did, per chain (the tests read it; the log says the same). */
export interface ExpiryAction {
  chainName: string;
  action: 'warned' | 'refreshed' | 'refresh-failed';
  /** Why a silent refresh failed (one sentence, no secret). */
  reason?: string;
}

/** setTimeout takes at most 2^31-1 ms. */
const MAX_DELAY_MS = 2_147_483_647;

/**
 * Before a session expires: a silent re-run when roleChains.refreshSilently is on and nothing is left to type
 * (every ExternalId "none" or remembered, no MFA), then, if the session is still the expiring one, one warning per
 * session with *Run Again* five minutes before the end. Times come from core/refresh's planRefresh; one timer
 * points at the next due moment and is re-aimed whenever sessions, settings or remembered ExternalIds change.
 */
export class ExpiryWatcher implements vscode.Disposable {
  /** `<chain>@<createdAt>`: what has been done for which session, so each happens once. */
  private readonly warned = new Set<string>();
  private readonly refreshTried = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private disposed = false;

  constructor(private readonly deps: ExpiryDeps) {
    const reschedule = (): void => this.schedule();
    this.subscriptions = [
      deps.store.onDidChangeSessions(reschedule),
      deps.settings.onDidChange(reschedule),
      deps.externalIds.onDidChange(reschedule),
      deps.tick(() => void this.check()),
    ];
    this.schedule();
  }

  /** The plan for a signed-in chain, as the watcher sees it now (undefined when the chain left the settings). */
  plan(chainName: string, now = this.deps.clock.now()): RefreshPlan | undefined {
    const session = this.deps.store.get(chainName);
    const chain = this.deps.settings.chain(chainName);
    return session && chain ? this.planFor(session, chain, now) : undefined;
  }

  /** Does what is due at `now` (the clock's time by default) for every live session. */
  async check(now = this.deps.clock.now()): Promise<ExpiryAction[]> {
    const actions: ExpiryAction[] = [];
    for (const session of this.deps.store.all()) {
      const chain = this.deps.settings.chain(session.chainName);
      if (!chain) continue;
      const plan = this.planFor(session, chain, now);
      const key = keyOf(session);
      if (this.refreshDue(plan, key, now)) {
        this.refreshTried.add(key);
        const failure = await this.refresh(chain);
        if (failure === undefined) {
          actions.push({ chainName: chain.name, action: 'refreshed' });
          continue;
        }
        actions.push({ chainName: chain.name, action: 'refresh-failed', reason: failure });
      }
      if (now >= plan.warnAt && !this.warned.has(key)) {
        this.warned.add(key);
        // A session already past its end is the tree's business ("expired · run again"), not a warning's.
        if (now < plan.expiresAt) {
          this.warn(chain, plan, now);
          actions.push({ chainName: chain.name, action: 'warned' });
        }
      }
    }
    this.schedule();
    return actions;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }

  private planFor(session: Session, chain: ChainConfig, now: number): RefreshPlan {
    return planRefresh(session, chain, now, {
      isExternalIdRemembered: (i) => this.deps.externalIds.isRemembered(chain.name, i, chain.steps[i]?.roleArn ?? ''),
    });
  }

  private refreshDue(plan: RefreshPlan, key: string, now: number): boolean {
    return this.deps.settings.refreshSilently && plan.canRefreshSilently && plan.refreshAt !== undefined && now >= plan.refreshAt && now < plan.expiresAt && !this.refreshTried.has(key);
  }

  /** Undefined when the chain was signed in again, else why not. */
  private async refresh(chain: ChainConfig): Promise<string | undefined> {
    this.deps.log.info(`Refreshing ${chain.name} silently before it expires`);
    try {
      const outcome = await this.deps.runner.run(chain, { silent: true });
      return outcome.session === undefined ? 'a run of the chain that was already under way did not sign in' : undefined;
    } catch (error) {
      // The warning that follows offers the interactive run; the log keeps the reason.
      if (isCancelled(error)) {
        this.deps.log.info(`Silent refresh of ${chain.name} needed an answer, so it was not done`);
        return 'it needed an answer';
      }
      const reason = toUserMessage(error);
      this.deps.log.error(`Silent refresh of ${chain.name} failed: ${reason}`, error);
      return reason;
    }
  }

  private warn(chain: ChainConfig, plan: RefreshPlan, now: number): void {
    const why = plan.canRefreshSilently ? '' : ` ${vscode.l10n.t('Run it again to stay signed in.')}`;
    this.deps.log.info(`${chain.name} expires in ${formatTimeLeft(plan.expiresAt - now)}`);
    void this.deps.ui.ui.notify('warning', `${vscode.l10n.t('Role chain {0} expires in {1}.', chain.name, formatTimeLeft(plan.expiresAt - now))}${why}`, vscode.l10n.t('Run Again')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('roleChains.chains.run', chain.name);
    });
  }

  /** Aims the one timer at the next moment something is due; past moments were handled (or skipped) by check. */
  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.deps.clock.now();
    let next = Infinity;
    for (const session of this.deps.store.all()) {
      const chain = this.deps.settings.chain(session.chainName);
      if (!chain) continue;
      const plan = this.planFor(session, chain, now);
      const key = keyOf(session);
      if (!this.warned.has(key)) next = Math.min(next, plan.warnAt);
      if (this.deps.settings.refreshSilently && plan.refreshAt !== undefined && !this.refreshTried.has(key)) next = Math.min(next, plan.refreshAt);
    }
    if (next === Infinity) return;
    this.timer = setTimeout(() => void this.check(), Math.min(Math.max(0, next - now), MAX_DELAY_MS));
  }
}

function keyOf(session: Session): string {
  return `${session.chainName}@${session.createdAt}`;
}
