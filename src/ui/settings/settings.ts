import * as vscode from 'vscode';
import type { ChainConfig, ChainProblem } from '../../core/chain';
import { parseChains } from '../../core/chainParser';
import { parseEndpoints, type Endpoints } from '../../core/endpoints';
import { DEFAULT_SESSION_NAME_TEMPLATE } from '../../core/sessionName';
import type { Log } from '../log/log';

const SECTION = 'roleChains';

/**
 * The extension's settings, parsed once per change. Security rules live here, not at call sites:
 * endpoints come only from user/machine settings and never in an untrusted workspace; chains and the session name
 * template ignore workspace values while the workspace is untrusted.
 */
export class Settings implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly persistChanged = new vscode.EventEmitter<void>();
  /** Fires when roleChains.persistSessions flips, so the session store can move sessions in or out of SecretStorage. */
  readonly onDidChangePersistSessions = this.persistChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.persistChanged];
  private lastPersist: boolean;
  private parsed: { chains: ChainConfig[]; problems: ChainProblem[] } = { chains: [], problems: [] };
  private parsedEndpoints: { endpoints: Endpoints; problems: ChainProblem[] } = { endpoints: {}, problems: [] };
  private loggedProblems = '';

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
    this.lastPersist = this.persistSessions;
    this.parse();
  }

  get chains(): readonly ChainConfig[] {
    return this.parsed.chains;
  }

  /** Problems of the chains and of the endpoint settings, each naming the setting and how to fix it. */
  get problems(): readonly ChainProblem[] {
    return [...this.parsedEndpoints.problems, ...this.parsed.problems];
  }

  chain(name: string): ChainConfig | undefined {
    return this.parsed.chains.find((c) => c.name === name);
  }

  get sessionNameTemplate(): string {
    const value = this.trustedValue<string>('sessionNameTemplate');
    return typeof value === 'string' && value.trim() !== '' ? value : DEFAULT_SESSION_NAME_TEMPLATE;
  }

  /** Application-scoped: a workspace cannot turn persistence on or off. */
  get persistSessions(): boolean {
    const inspected = this.config().inspect<boolean>('persistSessions');
    return (inspected?.globalValue ?? inspected?.defaultValue ?? true) !== false;
  }

  /** Only user/machine values count, and none while the workspace is untrusted: a repository must never redirect credentials. */
  get endpoints(): Endpoints {
    return vscode.workspace.isTrusted ? this.parsedEndpoints.endpoints : {};
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private reload(): void {
    this.parse();
    this.changed.fire();
    const persist = this.persistSessions;
    if (persist !== this.lastPersist) {
      this.lastPersist = persist;
      this.persistChanged.fire();
    }
  }

  private parse(): void {
    this.parsed = parseChains(this.trustedValue<unknown>('chains') ?? []);
    this.parsedEndpoints = vscode.workspace.isTrusted
      ? parseEndpoints({
          sts: this.userValue<unknown>('endpoints.sts'),
          s3: this.userValue<unknown>('endpoints.s3'),
          forcePathStyle: this.userValue<unknown>('endpoints.forcePathStyle'),
        })
      : { endpoints: {}, problems: [] };
    this.logProblemsOnce();
  }

  /** Workspace values apply only in a trusted workspace (VS Code already drops restricted ones; this makes it certain). */
  private trustedValue<T>(key: string): T | undefined {
    if (vscode.workspace.isTrusted) return this.config().get<T>(key);
    return this.userValue<T>(key);
  }

  private userValue<T>(key: string): T | undefined {
    const inspected = this.config().inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Settings problems are rows in the tree; the log gets each distinct set once, not on every change. */
  private logProblemsOnce(): void {
    const lines = this.problems.map((p) => `${p.path}: ${p.message}`);
    const key = lines.join('\n');
    if (key === this.loggedProblems) return;
    this.loggedProblems = key;
    for (const line of lines) this.log.warn(line);
  }
}
