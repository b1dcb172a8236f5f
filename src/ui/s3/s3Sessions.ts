import * as vscode from 'vscode';
import type { loadAws } from '../../awsLoader';
import type { S3Gateway, SseOptions } from '../../core/aws';
import type { ChainConfig } from '../../core/chain';
import type { Clock } from '../../core/clock';
import { plainHttpHost } from '../../core/endpoints';
import { CancelledError, RoleChainError } from '../../core/errors';
import type { Session, StepSession } from '../../core/session';
import type { SessionStore } from '../../secrets/sessionStore';
import type { ChainRunner } from '../chains/chainRunner';
import type { Settings } from '../settings/settings';
import type { Log } from '../log/log';
import { rootKey, type RootRef } from './refs';
import type { S3UiHolder } from './s3Ui';
import { s3EndpointOptions, sseFor } from './s3Settings';

export type AwsModule = Awaited<ReturnType<typeof loadAws>>;

/** Everything an S3 action needs for one session step. */
export interface S3Handle {
  readonly ref: RootRef;
  readonly aws: AwsModule;
  readonly client: S3Gateway;
  readonly session: Session;
  readonly step: StepSession;
  readonly chain: ChainConfig | undefined;
  readonly sse: SseOptions;
}

export interface S3SessionsDeps {
  store: SessionStore;
  settings: Settings;
  runner: ChainRunner;
  loadAws: typeof loadAws;
  clock: Clock;
  ui: S3UiHolder;
  log: Log;
}

/**
 * S3 clients per session step, built with that step's credentials, region and the S3 endpoint settings, cached per
 * (chain, step, session createdAt) and destroyed when the session is signed out or replaced by a new run, or when
 * the endpoint settings change. An action on a chain without a live session never sends anything: it offers to
 * run the chain again and continues once that run succeeds.
 */
export class S3Sessions implements vscode.Disposable {
  private readonly clients = new Map<string, { createdAt: number; client: S3Gateway }>();
  /** Plain-http S3 hosts off this machine already warned about in this window. */
  private readonly warnedHosts = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly d: S3SessionsDeps) {
    this.subscriptions = [d.store.onDidChangeSessions(() => this.dropStale()), d.settings.onDidChange(() => this.dropAll())];
  }

  /** The live session and step, or undefined (signed out, expired, or no such step). */
  live(ref: RootRef): { session: Session; step: StepSession } | undefined {
    const session = this.d.store.get(ref.chainName);
    const step = session?.steps[ref.stepIndex];
    return session && step ? { session, step } : undefined;
  }

  /** For the tree: a handle when the session is live, without asking anything. */
  async peek(ref: RootRef): Promise<S3Handle | undefined> {
    const live = this.live(ref);
    return live ? this.handle(ref, live) : undefined;
  }

  /** For an action: a live handle, after offering *Run Chain Again* when the session is gone (CancelledError if declined). */
  async open(ref: RootRef): Promise<S3Handle> {
    let live = this.live(ref);
    if (!live) {
      const session = this.d.store.get(ref.chainName);
      if (session) {
        throw new RoleChainError('validation', vscode.l10n.t('Chain {0} has no step {1} (it has {2}).', ref.chainName, ref.stepIndex + 1, session.steps.length));
      }
      await this.offerRunAgain(ref.chainName);
      live = this.live(ref);
      if (!live) throw new CancelledError(vscode.l10n.t('Not signed in to {0}.', ref.chainName));
    }
    return this.handle(ref, live);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.dropAll();
  }

  private async offerRunAgain(chainName: string): Promise<void> {
    const expired = this.d.runner.status(chainName)?.state === 'expired';
    const unusable = this.d.store.unusableReason(chainName);
    const message = unusable
      ? vscode.l10n.t('{0} Run the chain again to continue; nothing was sent to S3.', unusable)
      : expired
      ? vscode.l10n.t('The session of {0} has expired. Run the chain again to continue; nothing was sent to S3.', chainName)
      : vscode.l10n.t('{0} has no live session (signed out, or it just expired). Run the chain to continue; nothing was sent to S3.', chainName);
    const runAgain = vscode.l10n.t('Run Chain Again');
    const choice = await this.d.ui.ui.notify('warning', message, runAgain);
    if (choice !== runAgain) throw new CancelledError(message);
    // The chains' own command: its prompts, progress and error reporting, and the session stored on success.
    await vscode.commands.executeCommand('roleChains.chains.run', chainName);
  }

  private async handle(ref: RootRef, live: { session: Session; step: StepSession }): Promise<S3Handle> {
    const aws = await this.d.loadAws();
    const key = rootKey(ref);
    let entry = this.clients.get(key);
    if (entry && entry.createdAt !== live.session.createdAt) {
      entry.client.destroy();
      this.clients.delete(key);
      entry = undefined;
    }
    if (!entry) {
      this.warnPlainHttp();
      const access = aws.s3AccessForStep(live.step, { ...s3EndpointOptions(this.d.settings), clock: this.d.clock, chainName: ref.chainName });
      entry = { createdAt: live.session.createdAt, client: aws.createS3ClientFor(access) };
      this.clients.set(key, entry);
      this.d.log.debug(`S3 client for ${ref.chainName} step ${ref.stepIndex + 1} in ${live.step.region}`);
    }
    const chain = this.d.settings.chain(ref.chainName);
    return { ref, aws, client: entry.client, session: live.session, step: live.step, chain, sse: sseFor(chain) };
  }

  /** Once per host: S3 over http off this machine exposes object data and signed requests (the keys stay local). */
  private warnPlainHttp(): void {
    const host = plainHttpHost(this.d.settings.endpoints.s3);
    if (host === undefined || this.warnedHosts.has(host)) return;
    this.warnedHosts.add(host);
    this.d.log.warn(`roleChains.endpoints.s3 sends S3 requests over plain http to ${host}: anyone on the network can read the objects and replay signed requests. Use https unless that network is yours.`);
    void this.d.ui.ui.notify(
      'warning',
      vscode.l10n.t('roleChains.endpoints.s3 sends S3 requests over plain http to {0}: anyone on the network can read the objects and replay signed requests. Use https unless that network is yours.', host),
    );
  }

  private dropStale(): void {
    for (const [key, entry] of this.clients) {
      const chainName = key.slice(0, key.indexOf('\0'));
      if (this.d.store.get(chainName)?.createdAt === entry.createdAt) continue;
      entry.client.destroy();
      this.clients.delete(key);
    }
  }

  private dropAll(): void {
    for (const entry of this.clients.values()) entry.client.destroy();
    this.clients.clear();
  }
}
