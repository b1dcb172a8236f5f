// What code that unit tests load in plain Node needs of vscode.l10n: `t(message, ...args)` with {0} placeholders.
// The extension passes `vscode.l10n` itself; tests pass test/support/l10nEnglish.ts. Name the parameter `l10n` and
// call `l10n.t('literal', …)`, so `npm run l10n` finds the message like any vscode.l10n.t call.
export interface L10nLike {
  t(message: string, ...args: Array<string | number | boolean>): string;
}
