import * as vscode from 'vscode';
import { stepRegion, type ChainConfig } from '../../core/chain';
import type { Clock } from '../../core/clock';
import {
  requestLogger,
  SHADOWING_ENV_VARS,
  startCredentialServer,
  terminalEnv,
  toContainerCredentials,
  type ContainerCredentials,
  type CredentialGrant,
  type CredentialServer,
} from '../../core/credentialServer';
import { isExpired, type Session } from '../../core/session';
import type { SessionStore } from '../../secrets/sessionStore';
import { splitRoleArn } from '../../core/roleArn';
import type { Log } from '../log/log';

export interface TerminalCredentialsDeps {
  store: SessionStore;
  log: Log;
  clock: Clock;
  /**
   * A path that does not exist, given to the terminal as both shared AWS files: otherwise a default profile in ~/.aws
   * would win over the container credentials. It lies in the extension's private storage, where nobody else can
   * create it (a file planted there would be read as the terminal's AWS config).
   */
  hiddenSharedFilesPath: string;
  /** Extra variables for custom endpoints (see core/terminalEndpoints), read when each terminal opens. */
  endpointEnv?: () => Record<string, string>;
}

const TOKEN_VARIABLE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';

/**
 * Terminals with chain credentials: one loopback credentials endpoint per window, started on first use and closed
 * with the window; a token per terminal, revoked when the terminal closes or its chain is signed out of. The endpoint
 * reads the session store on every request, so a chain that was run again is what terminals get next; an expired
 * session answers "not signed in" until then. No key or session token is put in a terminal's environment.
 */
export class TerminalCredentials implements vscode.Disposable {
  private server: Promise<CredentialServer> | undefined;
  /** Chains with terminals, and the session they last saw: a session gone before its expiry means a sign-out. */
  private readonly lastSeen = new Map<string, Session | undefined>();
  private readonly ours = new WeakSet<vscode.Terminal>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: TerminalCredentialsDeps) {
    this.subscriptions = [
      deps.store.onDidChangeSessions(() => this.sessionsChanged()),
      // Sign-out revokes even when the session had expired or was never live here (the change above misses those).
      deps.store.onDidSignOut((name) => (name === undefined ? this.revokeAll() : this.revokeChain(name))),
      vscode.window.onDidCloseTerminal((t) => this.closed(t)),
    ];
  }

  /** Opens a terminal whose AWS SDKs and CLI use the chain's step `stepIndex` (0-based). */
  async open(chain: ChainConfig, stepIndex: number): Promise<vscode.Terminal> {
    const server = await this.ensureServer();
    const step = chain.steps[stepIndex];
    if (!step) throw new Error(vscode.l10n.t('Chain {0} has no step {1}.', chain.name, stepIndex + 1));
    const token = server.issueToken(chain.name, stepIndex);
    const region = stepRegion(chain, step);
    // null removes a variable VS Code's own environment would pass on (keys or a profile that would win).
    const env: Record<string, string | null> = Object.fromEntries(SHADOWING_ENV_VARS.map((v) => [v, null]));
    Object.assign(env, terminalEnv(server, token, region, { hideSharedFilesAt: this.deps.hiddenSharedFilesPath }), this.deps.endpointEnv?.());
    const role = splitRoleArn(step.roleArn).name;
    const last = stepIndex === chain.steps.length - 1;
    const terminal = vscode.window.createTerminal({
      name: last ? vscode.l10n.t('AWS {0}', chain.name) : vscode.l10n.t('AWS {0} · step {1}', chain.name, stepIndex + 1),
      env,
      strictEnv: false,
      // Its token dies with the window: a terminal revived after a reload could never fetch credentials.
      isTransient: true,
      iconPath: new vscode.ThemeIcon('key'),
      message: vscode.l10n.t(
        'AWS Role Chains: AWS SDKs and the CLI in this terminal use {0} step {1}/{2} ({3}) in {4}, fetched from a loopback endpoint of VS Code. Run the chain again when it expires; signing out or closing this terminal revokes its access.',
        chain.name,
        stepIndex + 1,
        chain.steps.length,
        role,
        region,
      ),
    });
    this.ours.add(terminal);
    this.lastSeen.set(chain.name, this.deps.store.get(chain.name));
    this.deps.log.info(`Opened terminal "${terminal.name}" with credentials of ${chain.name} step ${stepIndex + 1} (${server.tokenCount()} terminal token${server.tokenCount() === 1 ? '' : 's'} live)`);
    return terminal;
  }

  revokeChain(chainName: string): void {
    this.lastSeen.delete(chainName);
    void this.server?.then((s) => {
      const n = s.revokeChain(chainName);
      if (n > 0) this.deps.log.info(`Revoked ${n} terminal token${n === 1 ? '' : 's'} of ${chainName}`);
    });
  }

  revokeAll(): void {
    this.lastSeen.clear();
    void this.server?.then((s) => {
      const n = s.revokeAll();
      if (n > 0) this.deps.log.info(`Revoked ${n} terminal token${n === 1 ? '' : 's'} (signed out of all chains)`);
    });
  }

  /** For tests and the log: the endpoint's URL and how many tokens are live (undefined before the first terminal). */
  async state(): Promise<{ url: string; tokens: number } | undefined> {
    const server = await this.server;
    return server && { url: server.url, tokens: server.tokenCount() };
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    void this.server?.then((s) => s.close());
    this.server = undefined;
  }

  private ensureServer(): Promise<CredentialServer> {
    this.server ??= startCredentialServer({
      getCredentials: (grant) => Promise.resolve(this.credentials(grant)),
      onRequest: requestLogger({ clock: this.deps.clock, write: (level, line) => (level === 'debug' ? this.deps.log.debug(line) : this.deps.log.info(line)) }),
    }).catch((error: unknown) => {
      this.server = undefined;
      throw error;
    });
    return this.server;
  }

  private credentials(grant: CredentialGrant): ContainerCredentials | undefined {
    const step = this.deps.store.get(grant.chainName)?.steps[grant.stepIndex];
    if (!step || step.credentials.expiration <= this.deps.clock.now()) return undefined;
    return toContainerCredentials(step.credentials);
  }

  private sessionsChanged(): void {
    const now = this.deps.clock.now();
    for (const [name, last] of this.lastSeen) {
      const current = this.deps.store.get(name);
      if (current) this.lastSeen.set(name, current);
      else if (last && !isExpired(last, now)) this.revokeChain(name);
      else this.lastSeen.set(name, undefined);
    }
  }

  private closed(terminal: vscode.Terminal): void {
    if (!this.ours.has(terminal)) return;
    const options = terminal.creationOptions as vscode.TerminalOptions;
    const token = options.env?.[TOKEN_VARIABLE];
    if (typeof token !== 'string') return;
    void this.server?.then((s) => {
      if (s.revokeToken(token)) this.deps.log.info(`Terminal "${terminal.name}" closed: its token was revoked`);
    });
  }
}
