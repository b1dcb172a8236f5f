import * as vscode from 'vscode';
import { loadAws } from './awsLoader';
import { systemClock } from './core/clock';
import { ExternalIdStore } from './secrets/externalIdStore';
import { SessionStore } from './secrets/sessionStore';
import { ChainRunner } from './ui/chains/chainRunner';
import { ChainsTreeProvider } from './ui/chains/chainsTree';
import { registerChainCommands } from './ui/chains/commands';
import { registerOpenSettings } from './ui/commands/openSettings';
import { registerShowLog } from './ui/commands/showLog';
import { Settings } from './ui/config';
import { Log } from './ui/log';
import { registerExtras, RememberingPromptSource } from './ui/extras';
import { registerS3 } from './ui/s3';
import { trackSignedIn } from './ui/signedInContext';
import { SessionStatusBar } from './ui/statusBar';
import { testingApiIfEnabled, type RoleChainsTestingApi } from './ui/testingApi';
import { Ticker } from './ui/ticker';

/**
 * Wires the services, views and commands. Nothing here loads the AWS SDK or waits on I/O: persisted sessions are
 * restored in the background, so activation stays cheap even though it happens on startup (the status bar must show
 * a session that survived a reload).
 */
export function activate(context: vscode.ExtensionContext): RoleChainsTestingApi | undefined {
  const clock = systemClock;
  const log = new Log();
  const settings = new Settings(log);
  const store = new SessionStore({
    secrets: context.secrets,
    clock,
    persist: () => settings.persistSessions,
    onError: (message, error) => log.error(message, error),
    definition: (name) => settings.chain(name)?.steps.map((s) => s.roleArn),
  });
  const externalIds = new ExternalIdStore({ secrets: context.secrets, onError: (message, error) => log.error(message, error) });
  const prompts = new RememberingPromptSource(externalIds);
  const runner = new ChainRunner({ settings, store, prompts, log, clock, loadAws });
  const ticker = new Ticker(() => clock.now());
  const tree = new ChainsTreeProvider(settings, store, runner, clock, ticker.onTick);
  const chainsView = vscode.window.createTreeView('roleChains.chains', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    settings,
    store,
    externalIds,
    runner,
    ticker,
    tree,
    log.addSecretSource(() => store.knownSecrets()),
    log.addSecretSource(() => runner.recentAnswers()),
    chainsView,
    new SessionStatusBar(store, clock, ticker.onTick, settings),
    trackSignedIn(store),
    ticker.onTick(() => void store.pruneExpired()),
    settings.onDidChangePersistSessions(() => void store.persistenceChanged()),
    settings.onDidChange(() => store.definitionsChanged()),
  );

  registerChainCommands({ context, log, settings, store, runner, tree, clock, loadAws });
  registerOpenSettings(context, log);
  registerShowLog(context, log);
  const s3 = registerS3({ context, log, settings, store, runner, clock, loadAws, tick: ticker.onTick });
  const extras = registerExtras({ context, log, settings, store, runner, tree, clock, loadAws, view: chainsView, externalIds, prompts, tick: ticker.onTick });

  void store.restore(settings.chains.map((c) => c.name));

  return testingApiIfEnabled({ store, runner, prompts, tree, settings, s3, extras });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
