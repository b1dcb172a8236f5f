// Starts code-server (VS Code 1.100 in the browser, Node extension host) on a free 127.0.0.1 port with
// everything it writes — HOME, XDG folders, user data, extensions, its config — in one temp folder that
// teardown removes. Nothing lands in ~/.config or ~/.local.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup';
import { freePort } from './freePort';
import { ensureCodeServer } from './installCodeServer';
import { runToEnd, startProcess, tail, type Started } from './processes';
import { pollUntil } from './timebox';

export interface CodeServerOptions {
  /** Folder to open. */
  workspace: string;
  /** Extra environment for code-server; it reaches the extension host (endpoint URL, test switches, base credentials). */
  env?: Record<string, string>;
  /**
   * Written to <user-data>/User/settings.json. Machine-scoped settings (the extension's endpoints) belong here: the
   * workspace cannot set them, and code-server's remote window honours them from the user settings.
   */
  userSettings?: Record<string, unknown>;
  /** .vsix files installed into the job's extensions folder before start. */
  installVsix?: string[];
  /** Omit --disable-workspace-trust (for checks of untrusted-workspace behaviour). */
  workspaceTrust?: boolean;
  /** Prefix for echoing code-server's output; quiet by default (output is kept for failure messages). */
  echo?: string;
  /** Fixed port (the demo); default a free one. */
  port?: number;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The URL that opens `workspace`. */
  url: string;
  userDataDir: string;
  extensionsDir: string;
  /** The temp folder holding everything above; removed on stop. */
  tempDir: string;
  process: Started;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** An editor that talks to nobody and opens no welcome pages, so runs and screenshots are repeatable. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
};

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const install = await ensureCodeServer();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-code-server-'));
  // Registered before the process, so it runs after the process is stopped (teardown is newest first).
  const removeTemp = onCleanup(`remove ${tempDir}`, () => fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 }));
  const dirs = {
    home: path.join(tempDir, 'home'),
    config: path.join(tempDir, 'xdg-config'),
    data: path.join(tempDir, 'xdg-data'),
    cache: path.join(tempDir, 'xdg-cache'),
    userData: path.join(tempDir, 'user-data'),
    extensions: path.join(tempDir, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const port = opts.port ?? (await freePort());
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.userSettings }, null, 2));
  // The remote window reads machine-scoped settings from the server's Machine/settings.json: from User/settings.json
  // they apply only until the first write to the user settings (e.g. a setting changed from the UI), then vanish.
  fs.mkdirSync(path.join(dirs.userData, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'Machine', 'settings.json'), JSON.stringify({ ...opts.userSettings }, null, 2));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    // No extension gallery: the workbench would otherwise query open-vsx.org (network stays on 127.0.0.1).
    EXTENSIONS_GALLERY: '{}',
    // The browser runs on this machine, so a localhost URL the editor opens (openExternal: Identity Center's approval
    // page on the local endpoint) needs no port proxy. code-server 4.100 rewrites such URLs to /proxy/<port>/ and
    // drops their path and query (coder/code-server#7668, fixed after 4.100); a blank proxy URI turns the rewrite off.
    VSCODE_PROXY_URI: '',
    ...opts.env,
  };
  // Our own runner's variables must not leak into the editor under test.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--config', configFile];

  for (const vsix of opts.installVsix ?? []) {
    await runToEnd(`code-server --install-extension ${path.basename(vsix)}`, process.execPath, [install.entry, ...common, '--install-extension', vsix], 60_000, { env });
  }

  const args = [
    install.entry,
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    opts.workspace,
  ];
  const echo = opts.echo ?? (process.env.ROLE_CHAINS_HARNESS_ECHO === '1' ? 'code-server |' : undefined);
  const proc = startProcess('code-server', process.execPath, args, { env, echo, cwd: tempDir });
  const origin = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  void proc.exited.then((c) => (exitCode = c ?? -1));
  try {
    await pollUntil(
      async () => {
        if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before serving:\n${tail(proc.output())}`);
        return (await httpStatus(`${origin}/healthz`)) === 200 ? true : undefined;
      },
      START_TIMEOUT_MS,
      `code-server to answer on ${origin}/healthz`,
      250,
    );
  } catch (e) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before serving:\n${tail(proc.output())}`);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server output:\n${tail(proc.output())}`);
  }
  return {
    port,
    origin,
    url: `${origin}/?folder=${encodeURIComponent(opts.workspace)}`,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    tempDir,
    process: proc,
    stop: async () => {
      await proc.stop();
      await removeTemp();
    },
  };
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
