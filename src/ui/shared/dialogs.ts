import * as vscode from 'vscode';
import { confirmModal, showNotice, type NoticeKind } from './notice';
import { OverridableUi } from './overridableUi';
import type { WizardUi } from '../chainEditor/wizardUi';

/**
 * Every pick, input box, confirmation, notification and browser hand-off of the extras (import, wizard, terminal,
 * console, policies, remembered ExternalIds, expiry). Commands reach the editor's UI only through this, so the
 * extension-host tests can answer for the person (modal dialogs and QuickInputs cannot be clicked from there) and
 * can see a sign-in link without a browser opening it.
 */
export interface ExtrasUi {
  /** `token`: the pick closes (undefined) when it fires, e.g. when the run that asked is cancelled. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }, token?: vscode.CancellationToken): Thenable<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A modal confirmation with one action; true only when that action was chosen. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  /** A notification; resolves with the action chosen (commands never await it). */
  notify(kind: NoticeKind, message: string, ...actions: string[]): Thenable<string | undefined>;
  /** Hands a URL to the system browser. */
  openExternal(uri: vscode.Uri): Thenable<boolean>;
  /** The Add/Edit Chain wizard's questions. */
  wizard: WizardUi;
}

export const vscodeExtrasUi: ExtrasUi = {
  pick: (items, options, token) => vscode.window.showQuickPick(items, options, token),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  input: (options) => vscode.window.showInputBox(options),
  confirm: confirmModal,
  notify: showNotice,
  openExternal: (uri) => vscode.env.openExternal(uri),
  // The QuickInput pages load with the wizard's first question, not at activation.
  wizard: { ask: async (q) => (await import('../chainEditor/quickInputs.lazy')).quickInputWizardUi.ask(q) },
};

/** The ExtrasUi in use: VS Code's, with any methods the integration tests replaced. */
export class ExtrasUiHolder extends OverridableUi<ExtrasUi> {
  constructor() {
    super(vscodeExtrasUi);
  }
}
