// Translators for code that takes an L10nLike instead of importing vscode: English as vscode.l10n.t gives it when
// no bundle is loaded ({0}, {1}… replaced by the arguments), and a marking one that shows which texts went through it.
import type { L10nLike } from '../../src/ui/shared/l10nLike';

function format(message: string, args: ReadonlyArray<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const arg = args[Number(i)];
    return arg === undefined ? whole : String(arg);
  });
}

/** The English source text, formatted like vscode.l10n.t. */
export const l10nEnglish: L10nLike = { t: (message, ...args) => format(message, args) };

export const MARK_OPEN = '⟦';
export const MARK_CLOSE = '⟧';

/** Wraps every message it formats in ⟦…⟧, so a test can tell a translated text from a literal that bypassed it. */
export const l10nMarking: L10nLike = { t: (message, ...args) => `${MARK_OPEN}${format(message, args)}${MARK_CLOSE}` };

/** Whether `text` is one message from the translator (possibly with translated arguments inside). */
export function isMarked(text: string): boolean {
  return text.startsWith(MARK_OPEN) && text.endsWith(MARK_CLOSE);
}
