import * as vscode from 'vscode';

export type NoticeKind = 'info' | 'warning' | 'error';

/** A notification of the given kind; resolves with the action chosen. Both features' UIs show notices through this. */
export function showNotice(kind: NoticeKind, message: string, ...actions: string[]): Thenable<string | undefined> {
  switch (kind) {
    case 'info':
      return vscode.window.showInformationMessage(message, ...actions);
    case 'warning':
      return vscode.window.showWarningMessage(message, ...actions);
    default:
      return vscode.window.showErrorMessage(message, ...actions);
  }
}

/** A modal warning with one action; true only when that action was chosen (dismissing is a no). */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}
