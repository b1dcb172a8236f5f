import * as vscode from 'vscode';
import { prepareTerminalEndpointEnv } from '../../core/terminalEndpoints';
import type { ExternalIdStore } from '../../secrets/externalIdStore';
import type { ChainCommandDeps } from '../chains/commands/deps';
import type { ChainsNode } from '../chains/nodes';
import { registerOpenConsole } from './console/openConsole';
import type { ExtrasDeps } from './deps';
import { ExpiryWatcher } from './expiry/expiryWatcher';
import { registerForgetExternalIds } from './externalIds/forgetExternalIds';
import type { RememberingPromptSource } from './externalIds/rememberingPrompts';
import { offerToRemember } from './externalIds/rememberOffer';
import { ExtrasUiHolder } from './extrasUi';
import { registerImportFromAwsConfig } from './importConfig/importFromAwsConfig';
import { registerGeneratePolicies } from './policies/generatePolicies';
import { TerminalCredentials } from './terminal/terminalCredentials';
import { registerOpenTerminal } from './terminal/openTerminal';
import { createExtrasTestingApi, type ExtrasTestingApi } from './testing';
import { registerAddChain } from './wizard/addChain';
import { registerDeleteChain } from './wizard/deleteChain';
import { registerEditChain } from './wizard/editChain';

export type { ExtrasTestingApi } from './testing';
export { RememberingPromptSource } from './externalIds/rememberingPrompts';

export interface ExtrasFeatureDeps extends ChainCommandDeps {
  view: vscode.TreeView<ChainsNode>;
  externalIds: ExternalIdStore;
  /** The run prompts, which answer remembered ExternalIds and report what was typed. */
  prompts: RememberingPromptSource;
  tick: vscode.Event<void>;
}

/**
 * Beyond signing in: Import from AWS Config, the Add/Edit/Delete Chain wizard, remembered ExternalIds, terminals and
 * the console with chain credentials, the policy generator and expiry warnings with silent refresh. Loads no SDK code
 * until a command needs it. Returns the hooks the integration tests use.
 */
export function registerExtras(f: ExtrasFeatureDeps): ExtrasTestingApi {
  const ui = new ExtrasUiHolder();
  const terminals = new TerminalCredentials({
    store: f.store,
    log: f.log,
    clock: f.clock,
    hiddenSharedFilesPath: vscode.Uri.joinPath(f.context.globalStorageUri, 'no-shared-aws-files').fsPath,
    // Settings.endpoints is empty in an untrusted workspace and holds machine-scoped values only.
    endpointEnv: () => prepareTerminalEndpointEnv(f.settings.endpoints, vscode.Uri.joinPath(f.context.globalStorageUri, 'terminal-aws-config').fsPath),
  });
  const expiry = new ExpiryWatcher({ store: f.store, settings: f.settings, runner: f.runner, externalIds: f.externalIds, clock: f.clock, log: f.log, ui, tick: f.tick });
  f.context.subscriptions.push(
    terminals,
    expiry,
    offerToRemember({ runner: f.runner, prompts: f.prompts, externalIds: f.externalIds, settings: f.settings, ui, log: f.log }),
  );
  const d: ExtrasDeps = { ...f, ui, terminals };
  registerImportFromAwsConfig(d);
  registerAddChain(d);
  registerEditChain(d);
  registerDeleteChain(d);
  registerForgetExternalIds(d);
  registerOpenTerminal(d);
  registerOpenConsole(d);
  registerGeneratePolicies(d);
  return createExtrasTestingApi({ ui, externalIds: f.externalIds, terminals, expiry, view: f.view });
}
