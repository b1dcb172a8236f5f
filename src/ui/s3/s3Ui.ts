import * as vscode from 'vscode';
import { confirmModal, showNotice, type NoticeKind } from '../shared/notice';
import { OverridableUi } from '../shared/overridableUi';
import type { OverwriteDecision } from '../../core/aws';

/**
 * Every dialog, pick, prompt, confirmation, notification and progress the S3 feature shows. Commands reach the
 * editor's UI only through this, so the extension-host tests can answer for the person (they cannot click modal
 * dialogs from inside the extension host) while the product uses VS Code's own widgets.
 */
export interface S3Ui {
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: PickOptions<T>): Thenable<T | undefined>;
  /** A modal confirmation with one destructive action; true only when that action was chosen. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  /** The target (an S3 URI, or a local file on download) already exists: Overwrite / Skip / Overwrite All, or Cancel (the dialog dismissed). */
  askOverwrite(target: string, transfer?: 'upload' | 'download'): Thenable<OverwriteDecision>;
  /**
   * A save of an edited object found it changed (or deleted) in S3 since it was read: Compare (theirs against the
   * editor's text), Overwrite, or Cancel (the dialog dismissed; the editor keeps the text, unsaved).
   */
  askEditConflict(where: string, reason: EditConflictReason): Thenable<EditConflictChoice>;
  /** A notification; resolves with the action chosen (callers never await it inside a command). */
  notify(kind: NoticeKind, message: string, ...actions: string[]): Thenable<string | undefined>;
  withProgress<R>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
  ): Thenable<R>;
}

export type EditConflictReason = 'changed' | 'deleted';
export type EditConflictChoice = 'compare' | 'overwrite' | 'cancel';

async function askEditConflict(where: string, reason: EditConflictReason): Promise<EditConflictChoice> {
  const compare = vscode.l10n.t('Compare');
  const overwrite = reason === 'deleted' ? vscode.l10n.t('Save Anyway') : vscode.l10n.t('Overwrite');
  const message =
    reason === 'deleted'
      ? vscode.l10n.t('{0} was deleted in S3 after you opened it.', where)
      : vscode.l10n.t('{0} was changed in S3 after you opened it.', where);
  const detail =
    reason === 'deleted'
      ? vscode.l10n.t('Save Anyway writes your text as a new object. Cancel keeps your text in the editor, unsaved.')
      : vscode.l10n.t("Compare shows the object as it is now beside your text. Overwrite replaces the other change with yours. Cancel keeps your text in the editor, unsaved.");
  const buttons = reason === 'deleted' ? [overwrite] : [compare, overwrite];
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  return choice === compare ? 'compare' : choice === overwrite ? 'overwrite' : 'cancel';
}

/** Quick pick options, plus an item made from the text typed into the filter (e.g. a bucket name not listed). */
export interface PickOptions<T extends vscode.QuickPickItem> extends vscode.QuickPickOptions {
  typedItem?: (value: string) => T | undefined;
  /** Items that explain rather than choose: accepting one keeps the pick open. */
  refuses?: (item: T) => boolean;
}


export const vscodeS3Ui: S3Ui = {
  showOpenDialog: (options) => vscode.window.showOpenDialog(options),
  showSaveDialog: (options) => vscode.window.showSaveDialog(options),
  showInputBox: (options) => vscode.window.showInputBox(options),
  showQuickPick: (items, options) => (options.typedItem ? pickAcceptingTyped(items, options) : vscode.window.showQuickPick(items, options)),
  confirm: confirmModal,
  askOverwrite: async (target, transfer = 'upload') => {
    const decisions: Record<string, OverwriteDecision> = {
      [vscode.l10n.t('Overwrite')]: 'overwrite',
      [vscode.l10n.t('Skip')]: 'skip',
      [vscode.l10n.t('Overwrite All')]: 'overwrite-all',
    };
    const detail =
      transfer === 'upload'
        ? vscode.l10n.t('Overwrite it, keep it (Skip), or overwrite every existing object of this upload? Cancel stops the upload.')
        : vscode.l10n.t('Overwrite it, keep it (Skip), or overwrite every existing file of this download? Cancel stops the download.');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists.', target), { modal: true, detail }, ...Object.keys(decisions));
    return (choice === undefined ? undefined : decisions[choice]) ?? 'cancel';
  },
  askEditConflict,
  notify: showNotice,
  withProgress: (options, task) => vscode.window.withProgress(options, task),
};

/** showQuickPick, but the text typed into the filter can become an item (placed last, so filtered matches win Enter). */
function pickAcceptingTyped<T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: PickOptions<T>): Thenable<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = options.title;
    pick.placeholder = options.placeHolder;
    pick.matchOnDescription = options.matchOnDescription ?? false;
    pick.ignoreFocusOut = options.ignoreFocusOut ?? false;
    let listed: readonly T[] = [];
    const render = (): void => {
      const typed = options.typedItem?.(pick.value);
      pick.items = typed ? [...listed, typed] : listed;
    };
    let done = false;
    const finish = (item: T | undefined): void => {
      if (done) return;
      done = true;
      resolve(item);
      pick.hide();
    };
    const subscriptions = [
      pick.onDidChangeValue(render),
      pick.onDidAccept(() => {
        const item = pick.activeItems[0];
        if (item && !options.refuses?.(item)) finish(item);
      }),
      pick.onDidHide(() => {
        finish(undefined);
        for (const d of subscriptions) d.dispose();
        pick.dispose();
      }),
    ];
    pick.busy = true;
    pick.show();
    void Promise.resolve(items).then(
      (loaded) => {
        listed = loaded;
        pick.busy = false;
        render();
      },
      () => finish(undefined),
    );
  });
}

/** The S3Ui in use: VS Code's, with any methods the integration tests replaced. */
export class S3UiHolder extends OverridableUi<S3Ui> {
  constructor() {
    super(vscodeS3Ui);
  }
}
