import * as vscode from 'vscode';
import { loadAws } from './awsLoader';
import { systemClock } from './core/clock';
import { loadTesting } from './testingLoader';
import { ExternalIdStore } from './secrets/externalIdStore';
import { SessionStore } from './secrets/sessionStore';
import { SsoTokenStore } from './secrets/ssoTokenStore';
import { registerChainEditor } from './ui/chainEditor';
import { registerChains } from './ui/chains';
import { ChainRunner } from './ui/chains/chainRunner';
import { registerConsole } from './ui/console';
import { registerExpiry } from './ui/expiry';
import { registerExternalIds } from './ui/externalIds';
import { RememberingPromptSource } from './ui/externalIds/rememberingPrompts';
import { registerImportConfig } from './ui/importConfig';
import { registerLog } from './ui/log';
import { Log } from './ui/log/log';
import { registerPolicies } from './ui/policies';
import { registerS3 } from './ui/s3';
import type { Services } from './ui/services';
import { registerSessions } from './ui/sessions';
import { registerSettings } from './ui/settings';
import { Settings } from './ui/settings/settings';
import { ExtrasUiHolder } from './ui/shared/dialogs';
import { Ticker } from './ui/shared/ticker';
import { registerTerminal } from './ui/terminal';
import type { RoleChainsTestingApi } from './ui/testing/testingApi';

/**
 * The table of contents of the product: the shared services, then one line per feature (each in its own folder
 * under src/ui). Nothing here loads the AWS SDK or waits on I/O: persisted sessions are restored in the background,
 * so activation stays cheap even though it happens on startup (the status bar must show a session that survived a
 * reload). Most features register stand-ins for their commands here and load their code on first use (*.lazy.ts,
 * see ui/shared/lazyCommands.ts).
 */
export function activate(context: vscode.ExtensionContext): RoleChainsTestingApi | undefined {
  const s = services(context);

  const chains = registerChains(s); //           the Chains view: run, sign out, who am I, copy ARNs
  registerSessions(s); //                         the status bar and its session menu
  registerChainEditor(s, chains); //              Add / Edit / Delete Chain
  registerImportConfig(s, chains); //             Import from AWS Config
  registerExternalIds(s, chains); //              remembered ExternalIds
  const terminals = registerTerminal(s, chains); // terminals with chain credentials
  registerConsole(s, chains); //                  AWS console sign-in
  registerPolicies(s, chains); //                 IAM policy generator
  const expiry = registerExpiry(s); //            expiry warnings and silent refresh
  const s3 = registerS3(s); //                    the S3 view, uploads and downloads
  registerSettings(s); //                         Open Settings
  registerLog(s); //                              Show Log

  // After activation returns: restoring reads the settings and SecretStorage, and the first paint waits for neither.
  const restore = setTimeout(() => void s.store.restore(s.settings.chains.map((c) => c.name)), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(restore) });

  // The integration tests' API, from a bundle the .vsix does not ship; nothing is exposed otherwise.
  if (process.env.ROLE_CHAINS_TESTING !== '1') return undefined;
  return loadTesting().createTestingApi({ ...s, ...chains, s3, terminals, expiry });
}

/** The services every feature shares, registered for disposal. */
function services(context: vscode.ExtensionContext): Services {
  const clock = systemClock;
  const log = new Log();
  const settings = new Settings(log);
  const onError = (message: string, error: unknown) => log.error(message, error);
  const store = new SessionStore({
    secrets: context.secrets,
    clock,
    persist: () => settings.persistSessions,
    onError,
    definition: (name) => settings.chain(name)?.steps.map((s) => s.roleArn),
  });
  const externalIds = new ExternalIdStore({ secrets: context.secrets, onError });
  const prompts = new RememberingPromptSource(externalIds);
  const ssoTokens = new SsoTokenStore(context.secrets);
  const ui = new ExtrasUiHolder();
  const runner = new ChainRunner({ settings, store, prompts, log, clock, loadAws, ssoTokens, ui });
  const ticker = new Ticker(() => clock.now());
  context.subscriptions.push(
    log,
    settings,
    store,
    externalIds,
    runner,
    ticker,
    log.addSecretSource(() => store.knownSecrets()),
    log.addSecretSource(() => runner.recentAnswers()),
    log.addSecretSource(() => ssoTokens.knownSecrets()),
    ticker.onTick(() => void store.pruneExpired()),
    settings.onDidChangePersistSessions(() => void store.persistenceChanged()),
    settings.onDidChange(() => store.definitionsChanged()),
  );
  return { context, log, settings, store, ssoTokens, runner, clock, loadAws, tick: ticker.onTick, externalIds, prompts, ui };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
