import * as vscode from 'vscode';
import type { ChainConfig, ChainProblem } from '../../core/chain';
import { parseChains } from '../../core/chainParser';
import { parseEndpoints, type Endpoints } from '../../core/endpoints';
import { RoleChainError } from '../../core/errors';
import { DEFAULT_SESSION_NAME_TEMPLATE } from '../../core/sessionName';
import { validateCredentialEndpointUrl } from '../../core/validation';
import type { Log } from '../log/log';
import { ChainLists } from './chainLists';
import { SECTION, SETTING_SCOPES, sourceOf, type SettingKey } from './settingScopes';

const DEFAULT_PAGE_SIZE = 1000;

interface Parsed {
  chains: { chains: ChainConfig[]; problems: ChainProblem[] };
  endpoints: { endpoints: Endpoints; problems: ChainProblem[] };
}

/**
 * The one gate to the extension's settings (the only code that reads configuration; a lint rule keeps it so), parsed
 * once per change. Security rules live here, not at call sites: every read goes through the scope and trust rule of
 * settingScopes.ts, so endpoints come only from user/machine settings and never in an untrusted workspace, and
 * chains and the session name template ignore workspace values while the workspace is untrusted.
 */
export class Settings implements vscode.Disposable {
  /** The chain lists as written, for the features that edit them. */
  readonly chainLists = new ChainLists({
    config: () => this.config(),
    get trusted() {
      return vscode.workspace.isTrusted;
    },
  });
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly persistChanged = new vscode.EventEmitter<void>();
  /** Fires when roleChains.persistSessions flips, so the session store can move sessions in or out of SecretStorage. */
  readonly onDidChangePersistSessions = this.persistChanged.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.persistChanged];
  /** Undefined until first read after activation (see the constructor). */
  private lastPersist: boolean | undefined;
  /** Parsed on first use and again after each change: activation reads no setting, the first paint does. */
  private current: Parsed | undefined;
  private loggedProblems = '';

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
    // Reading configuration costs activation time; the value only matters once it changes, so take it just after.
    const timer = setTimeout(() => (this.lastPersist ??= this.persistSessions), 0);
    this.subscriptions.push({ dispose: () => clearTimeout(timer) });
  }

  get chains(): readonly ChainConfig[] {
    return this.parsed().chains.chains;
  }

  /** Problems of the chains and of the endpoint settings, each naming the setting and how to fix it. */
  get problems(): readonly ChainProblem[] {
    const { chains, endpoints } = this.parsed();
    return [...endpoints.problems, ...chains.problems];
  }

  chain(name: string): ChainConfig | undefined {
    return this.parsed().chains.chains.find((c) => c.name === name);
  }

  get sessionNameTemplate(): string {
    const value = this.read('sessionNameTemplate');
    return typeof value === 'string' && value.trim() !== '' ? value : DEFAULT_SESSION_NAME_TEMPLATE;
  }

  /** Application-scoped: a workspace cannot turn persistence on or off. */
  get persistSessions(): boolean {
    return (this.read('persistSessions') ?? true) !== false;
  }

  /** Application-scoped: a workspace cannot make chains run in the background. */
  get refreshSilently(): boolean {
    return this.read('refreshSilently') === true;
  }

  /** Only user/machine values count, and none while the workspace is untrusted: a repository must never redirect credentials. */
  get endpoints(): Endpoints {
    return vscode.workspace.isTrusted ? this.parsed().endpoints.endpoints : {};
  }

  /** roleChains.endpoints.s3ChecksumWhenRequired, under the same rule as the endpoints. */
  get s3ChecksumWhenRequired(): boolean {
    return this.read('endpoints.s3ChecksumWhenRequired') === true;
  }

  /** Keys and folders per S3 listing page (S3 answers at most 1,000). */
  get s3PageSize(): number {
    const value = this.read('s3.pageSize');
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 1), 1000) : DEFAULT_PAGE_SIZE;
  }

  /**
   * roleChains.federationEndpoint: the base URL of the sign-in federation endpoint (the sign-in request carries the
   * session's credentials, so machine scope and nothing in an untrusted workspace). Undefined: AWS's own for the
   * role's partition. A URL that already ends in /federation is accepted as well.
   */
  federationEndpoint(): string | undefined {
    const value = this.read('federationEndpoint');
    if (value === undefined || value === '') return undefined;
    const problem = typeof value === 'string' ? validateCredentialEndpointUrl(value) : vscode.l10n.t('it must be a URL string.');
    if (problem !== undefined) {
      throw new RoleChainError('validation', vscode.l10n.t("The roleChains.federationEndpoint setting is not usable: {0} Fix it or clear it to use AWS's sign-in endpoint.", problem));
    }
    return (value as string).replace(/\/+$/, '').replace(/\/federation$/, '');
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private reload(): void {
    this.current = undefined;
    this.changed.fire();
    const persist = this.persistSessions;
    const before = this.lastPersist;
    this.lastPersist = persist;
    if (before !== undefined && persist !== before) this.persistChanged.fire();
  }

  private parsed(): Parsed {
    if (this.current) return this.current;
    this.current = {
      chains: parseChains(this.read('chains') ?? []),
      endpoints: vscode.workspace.isTrusted
        ? parseEndpoints({
            sts: this.read('endpoints.sts'),
            s3: this.read('endpoints.s3'),
            sso: this.read('endpoints.sso'),
            forcePathStyle: this.read('endpoints.forcePathStyle'),
          })
        : { endpoints: {}, problems: [] },
    };
    this.logProblemsOnce();
    return this.current;
  }

  /**
   * A setting's value as its scope and the workspace's trust allow (VS Code already drops restricted workspace values
   * in an untrusted workspace; this makes it certain). `user` is the user's or machine's value, else the default.
   */
  private read(key: SettingKey): unknown {
    const source = sourceOf(SETTING_SCOPES[key], vscode.workspace.isTrusted);
    if (source === 'none') return undefined;
    if (source === 'any') return this.config().get<unknown>(key);
    const inspected = this.config().inspect<unknown>(key);
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
