import * as vscode from 'vscode';

/** "step 2" in the window's language, for rootLabel (which has no vscode import). */
export function stepWord(n: number): string {
  return vscode.l10n.t('step {0}', n);
}
