import * as vscode from 'vscode';
import type { loadAws } from '../../awsLoader';
import type { ChainPrompts, SsoPrompts } from '../../core/aws';
import type { ChainConfig } from '../../core/chain';
import type { Clock } from '../../core/clock';
import { toUserMessage } from '../../core/errorMessages';
import { isCancelled } from '../../core/errors';
import type { Session } from '../../core/session';
import { SingleFlight } from '../../core/singleFlight';
import type { SessionStore } from '../../secrets/sessionStore';
import type { SsoTokenStore } from '../../secrets/ssoTokenStore';
import type { ExtrasUiHolder } from '../shared/dialogs';
import type { Settings } from '../settings/settings';
import type { Log } from '../log/log';
import type { PromptSource } from '../shared/prompts';

/** Per-chain state beyond the session itself: a run under way, the last run's failure, or a session that expired. */
export type RunStatus = { state: 'running' } | { state: 'failed'; message: string; at: number } | { state: 'expired'; at: number };

export interface RunOptions {
  /** A background refresh: progress in the status bar only, and no input box is ever shown. */
  silent?: boolean;
}

/** How a run ended, for features that follow runs (remembering ExternalIds, refresh planning). */
export interface RunOutcome {
  chainName: string;
  silent: boolean;
  ok: boolean;
  error?: unknown;
}

export interface ChainRunnerDeps {
  settings: Settings;
  store: SessionStore;
  prompts: PromptSource;
  log: Log;
  clock: Clock;
  loadAws: typeof loadAws;
  /** Identity Center sign-ins, kept between runs. */
  ssoTokens: SsoTokenStore;
  /** Picks and the browser hand-off of an Identity Center sign-in. */
  ui: ExtrasUiHolder;
}

/** How many recent prompt answers stay known to the log's redaction (they can echo back in SDK errors). */
const REMEMBERED_ANSWERS = 32;

/**
 * Runs chains: progress notification with Cancel (bridged to an AbortSignal), one run per chain at a time (a second
 * request joins the first, so there is one set of prompts), the session stored on success, and a per-chain status
 * (running / failed) that the tree shows.
 */
export class ChainRunner implements vscode.Disposable {
  private readonly flight = new SingleFlight<Session>();
  private readonly statuses = new Map<string, RunStatus>();
  private readonly answers: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly finished = new vscode.EventEmitter<RunOutcome>();
  /** Fires once per run this window initiated, after its session is stored or its failure recorded. */
  readonly onDidFinishRun = this.finished.event;

  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: ChainRunnerDeps) {
    this.subscription = deps.store.onDidExpire((name) => {
      if (this.statuses.get(name)?.state === 'running') return;
      this.setStatus(name, { state: 'expired', at: deps.clock.now() });
    });
  }

  status(chainName: string): RunStatus | undefined {
    return this.statuses.get(chainName);
  }

  /** Prompt answers of recent runs, for redaction only. */
  recentAnswers(): readonly string[] {
    return this.answers;
  }

  clearStatus(chainName: string): void {
    if (this.statuses.delete(chainName)) this.changed.fire();
  }

  /**
   * Signs in to a chain. A call made while the same chain is already running joins that run (`initiated: false`):
   * it gets the session on success and `undefined` on failure, because the run's initiator reports the outcome
   * once — a second error toast for the same failure would only be noise.
   */
  async run(chain: ChainConfig, options: RunOptions = {}): Promise<{ initiated: true; session: Session } | { initiated: false; session: Session | undefined }> {
    let initiated = false;
    try {
      const session = await this.flight.run(chain.name, () => {
        initiated = true;
        return this.runOnce(chain, options);
      });
      return initiated ? { initiated: true, session } : { initiated: false, session };
    } catch (error) {
      if (initiated) throw error;
      return { initiated: false, session: undefined };
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.finished.dispose();
  }

  private async runOnce(chain: ChainConfig, options: RunOptions): Promise<Session> {
    const silent = options.silent === true;
    const { log, settings, store } = this.deps;
    this.setStatus(chain.name, { state: 'running' });
    log.info(`Running chain ${chain.name} (${chain.steps.length} step${chain.steps.length === 1 ? '' : 's'})`);
    try {
      const session = await vscode.window.withProgress(
        silent
          ? { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Refreshing {0}', chain.name) }
          : { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}', chain.name), cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            const aws = await this.deps.loadAws();
            return await aws.runChain(chain, {
              prompts: this.remembering(this.deps.prompts.forRun(token, { silent })),
              endpoints: settings.endpoints,
              sessionNameTemplate: settings.sessionNameTemplate,
              clock: this.deps.clock,
              signal: controller.signal,
              sso: {
                tokens: this.deps.ssoTokens,
                interactive: !silent,
                prompts: this.ssoPrompts(chain, token, (message) => progress.report({ message })),
                onPhase: (phase) => log.info(`${chain.name}: Identity Center ${ssoPhaseText[phase]}`),
              },
              onStep: (e) => {
                const message = stepMessage(chain, e);
                progress.report({ message });
                log.info(`${chain.name}: ${message}`);
              },
            });
          } finally {
            cancel.dispose();
          }
        },
      );
      await store.set(session);
      this.statuses.delete(chain.name);
      this.changed.fire();
      log.info(`Signed in to ${chain.name} until ${new Date(session.expiresAt).toISOString()}`);
      this.finished.fire({ chainName: chain.name, silent, ok: true });
      return session;
    } catch (error) {
      if (isCancelled(error)) this.statuses.delete(chain.name);
      else this.statuses.set(chain.name, { state: 'failed', message: toUserMessage(error), at: this.deps.clock.now() });
      this.changed.fire();
      this.finished.fire({ chainName: chain.name, silent, ok: false, error });
      throw error;
    }
  }

  private setStatus(chainName: string, status: RunStatus): void {
    this.statuses.set(chainName, status);
    this.changed.fire();
  }

  /**
   * The device code goes into the run's own progress notification (whose Cancel stops the wait), so the person can
   * compare it with the browser page before allowing: a page showing another code is someone else's sign-in.
   */
  private ssoPrompts(chain: ChainConfig, token: vscode.CancellationToken, report: (message: string) => void): SsoPrompts {
    const ui = this.deps.ui.ui;
    return {
      showUserCode: async ({ userCode, verificationUri }) => {
        report(vscode.l10n.t('Identity Center: check that your browser shows code {0}, then allow access', userCode));
        const opened = await ui.openExternal(vscode.Uri.parse(verificationUri, true));
        if (!opened) void ui.notify('warning', vscode.l10n.t('Open {0} in your browser and check that it shows code {1}.', verificationUri, userCode));
      },
      pickAccount: async (ctx, accounts) => {
        const items = accounts.map((a) => ({ label: a.accountName ?? a.accountId, description: a.accountId, detail: a.emailAddress, accountId: a.accountId }));
        const placeHolder = vscode.l10n.t('The account whose role starts the chain');
        return (await ui.pick(items, { title: vscode.l10n.t('{0}: Identity Center account', chain.name), placeHolder, ignoreFocusOut: true, matchOnDescription: true }, token))?.accountId;
      },
      pickRole: async (ctx, roles) => {
        const items = roles.map((r) => ({ label: r }));
        const placeHolder = vscode.l10n.t('The permission set to use in account {0}', ctx.accountId);
        return (await ui.pick(items, { title: vscode.l10n.t('{0}: Identity Center role', chain.name), placeHolder, ignoreFocusOut: true }, token))?.label;
      },
    };
  }

  /** Wraps prompts so every answer becomes known to the log's redaction before anything can echo it. */
  private remembering(prompts: ChainPrompts): ChainPrompts {
    const keep = (answer: string | undefined): string | undefined => {
      if (answer !== undefined && answer !== '') {
        this.answers.push(answer);
        if (this.answers.length > REMEMBERED_ANSWERS) this.answers.shift();
      }
      return answer;
    };
    return {
      externalId: async (ctx) => keep(await prompts.externalId(ctx)),
      mfaCode: async (ctx) => keep(await prompts.mfaCode(ctx)),
    };
  }
}

function stepMessage(
  chain: ChainConfig,
  e: { stepIndex: number; stepCount: number; phase: 'prompting' | 'assuming' | 'done'; assumedRoleArn?: string },
): string {
  const step = e.stepIndex + 1;
  const role = chain.steps[e.stepIndex]?.roleArn ?? '';
  switch (e.phase) {
    case 'prompting':
      return vscode.l10n.t('step {0}/{1}: waiting for your answer', step, e.stepCount);
    case 'assuming':
      return vscode.l10n.t('step {0}/{1}: assuming {2}', step, e.stepCount, role);
    case 'done':
      return vscode.l10n.t('step {0}/{1}: signed in as {2}', step, e.stepCount, e.assumedRoleArn ?? role);
  }
}

/** The log's words for each phase of an Identity Center sign-in (never a token). */
const ssoPhaseText = {
  token: 'sign-in needed: the stored one is missing or ending',
  refreshing: 'refreshing the sign-in',
  'waiting-for-browser': 'sign-in started: waiting for the browser',
  'role-credentials': 'getting the role credentials',
} as const;
