// Sessions are bound to what was signed in and revoked everywhere on sign-out (issue 12), through the real commands
// in the extension host: terminals' tokens die with a sign-out even when the session had already expired, a session
// made for other roles than its chain now names is used by nothing, and with persistSessions off nothing stays in
// SecretStorage.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Session } from '../../src/core/session';
import { SessionStore } from '../../src/secrets/sessionStore';
import type { RoleChainsTestingApi } from '../../src/ui/testing/testingApi';
import { TWO_STEP } from '../harness/seedChains';
import { SEED } from '../localAws/scenario';
import { control, resetState, seedPrompts, signIn, testingApi, waitFor } from './support';

const SHORT = 'short-lived';
/** How far back the endpoint's clock goes so a 900 s session ends 55 s from now: expired here (60 s margin) at once. */
const SHORTEN_MS = 845_000;

type Env = Record<string, string | null | undefined>;

describe('sessions bound to their chain, revoked on every sign-out', function () {
  this.timeout(60_000);
  let api: RoleChainsTestingApi;
  let workspaceChains: Array<Record<string, unknown>>;
  let clockOffset = 0;
  const opened: vscode.Terminal[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('roleChains');
  const setChains = async (chains: unknown[]): Promise<void> => {
    await config().update('chains', chains, vscode.ConfigurationTarget.Workspace);
  };
  const shortChain = { name: SHORT, region: SEED.region, steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt', durationSeconds: 900 }] };

  before(async () => {
    api = await testingApi();
    workspaceChains = [...(config().inspect<Array<Record<string, unknown>>>('chains')?.workspaceValue ?? [])];
    assert.ok(workspaceChains.some((c) => c.name === TWO_STEP), 'the test workspace defines its chains');
    await setChains([...workspaceChains, shortChain]);
    await waitFor(() => (api.treeRows().some((r) => r.depth === 0 && r.label === SHORT) ? true : undefined), `${SHORT} in the Chains view`);
  });
  beforeEach(() => resetState(api));
  afterEach(async () => {
    for (const t of opened.splice(0)) t.dispose();
    if (clockOffset !== 0) await control.advanceClock(-clockOffset);
    clockOffset = 0;
    api.s3.setUiForTesting(undefined);
  });
  after(async () => {
    await setChains(workspaceChains);
    await resetState(api);
  });

  const envOf = (t: vscode.Terminal): Env => (t.creationOptions as vscode.TerminalOptions).env ?? {};
  const fetchCredentials = async (env: Env): Promise<number> => {
    const res = await fetch(String(env.AWS_CONTAINER_CREDENTIALS_FULL_URI), {
      headers: { Authorization: String(env.AWS_CONTAINER_AUTHORIZATION_TOKEN) },
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const openTerminal = async (chainName: string): Promise<Env> => {
    const before = new Set(vscode.window.terminals);
    api.setPromptsForTesting(seedPrompts());
    try {
      await vscode.commands.executeCommand('roleChains.terminal.open', chainName);
    } finally {
      api.setPromptsForTesting(undefined);
    }
    const terminal = await waitFor(() => vscode.window.terminals.find((t) => !before.has(t) && t.name === `AWS ${chainName}`), `a terminal of ${chainName}`);
    opened.push(terminal);
    return envOf(terminal);
  };
  /** Opens a terminal of the short chain whose session is already expired here (run with the endpoint's clock set back). */
  const terminalOfExpiredSession = async (): Promise<Env> => {
    await control.advanceClock(-SHORTEN_MS);
    clockOffset = -SHORTEN_MS;
    const env = await openTerminal(SHORT);
    await control.advanceClock(SHORTEN_MS);
    clockOffset = 0;
    assert.equal(api.sessions.get(SHORT), undefined, 'the session is live: the endpoint did not issue a short one');
    return env;
  };

  for (const command of ['roleChains.chains.signOut', 'roleChains.chains.signOutAll']) {
    it(`${command.split('.').pop()} revokes the terminal tokens of a chain whose session had expired; a new sign-in does not revive them`, async () => {
      const env = await terminalOfExpiredSession();
      await vscode.commands.executeCommand(command, SHORT);
      await signIn(api, SHORT);
      assert.equal(await fetchCredentials(env), 403, "the signed-out terminal's token fetched the new session's credentials");
    });
  }

  it('a session made for other roles than its chain now names is used by nothing (terminals, S3, status bar) until the definition matches again; its terminals stay revoked', async () => {
    await signIn(api, TWO_STEP);
    const env = await openTerminal(TWO_STEP);
    assert.equal(await fetchCredentials(env), 200);

    // Same name, other roles: what a workspace defining its own "prod-deploy" looks like to the shared session.
    const other = workspaceChains.map((c) => (c.name === TWO_STEP ? { ...c, steps: [{ roleArn: SEED.roleNoMfa, externalId: 'prompt' }] } : c));
    await setChains([...other, shortChain]);
    await waitFor(() => (api.sessions.get(TWO_STEP) === undefined ? true : undefined), `the session of ${TWO_STEP} to stop being used`);
    assert.notEqual(api.sessions.active(), TWO_STEP, 'the status bar still shows the session');
    // Treated as a sign-out: the terminal's token is revoked.
    assert.equal(await fetchCredentials(env), 403, 'the terminal still gets the session made for other roles');

    const notices: string[] = [];
    api.s3.setUiForTesting({
      notify: (_kind, message) => {
        notices.push(message);
        return Promise.resolve(undefined);
      },
    });
    await control.clearRequestLog();
    await vscode.commands.executeCommand('roleChains.s3.createFolder', { chainName: TWO_STEP, stepIndex: 0, bucket: SEED.bucket1, prefix: '' });
    assert.match(notices[0] ?? '', new RegExp(`session of ${TWO_STEP} was signed in for other roles .*${SEED.roleA.replace(/[/]/g, '\\/')}.*nothing was sent to S3`));
    assert.deepEqual(await control.requestLog(), [], 'something was sent with the session made for other roles');

    await setChains([...workspaceChains, shortChain]);
    await waitFor(() => api.sessions.get(TWO_STEP), `the session of ${TWO_STEP} to be used again once its roles match`);
    assert.equal(await fetchCredentials(env), 403, 'a revoked token came back with the session');
  });

  it('with persistSessions off, restoring (as activation does) deletes every stored session', async () => {
    const secrets = new MemorySecrets();
    const common = { secrets, clock: { now: () => Date.now() }, onError: (m: string, e: unknown) => assert.fail(`${m}: ${String(e)}`) };
    const before = new SessionStore({ ...common, persist: () => true });
    await before.set(fakeSession('kept-a'));
    await before.set(fakeSession('kept-b'));
    before.dispose();
    assert.deepEqual(secrets.keys(), ['index/sessions', 'session/kept-a', 'session/kept-b']);

    const after = new SessionStore({ ...common, persist: () => false });
    await after.restore(['kept-a']);
    await after.restored;
    after.dispose();
    assert.deepEqual(secrets.keys(), [], 'sessions stored before persistence was turned off are still in SecretStorage');
  });
});

/** SecretStorage in memory, as the store sees it. */
class MemorySecrets implements vscode.SecretStorage {
  private readonly values = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.emitter.event;
  keys(): string[] {
    return [...this.values.keys()].sort();
  }
  get(key: string): Thenable<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Thenable<void> {
    this.values.set(key, value);
    this.emitter.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Thenable<void> {
    if (this.values.delete(key)) this.emitter.fire({ key });
    return Promise.resolve();
  }
}

function fakeSession(chainName: string): Session {
  const now = Date.now();
  const expiresAt = now + 3_600_000;
  return {
    chainName,
    createdAt: now,
    expiresAt,
    steps: [
      {
        index: 0,
        roleArn: SEED.roleNoMfa,
        assumedRoleArn: `arn:aws:sts::${SEED.roleNoMfa.split(':')[4]}:assumed-role/R/s`,
        assumedRoleId: 'AROAEXAMPLE:s',
        account: SEED.roleNoMfa.split(':')[4] ?? '',
        sessionName: 's',
        requestedDurationSeconds: 3600,
        expiresAt,
        region: SEED.region,
        credentials: { accessKeyId: 'ASIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret-access-key-value', sessionToken: 'fake-session-token-value', expiration: expiresAt },
      },
    ],
  };
}
