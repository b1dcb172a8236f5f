// The messages src/ passes to vscode.l10n.t, read with the TypeScript compiler (what @vscode/l10n-dev's export
// does), so l10n/bundle.l10n.json — the English source translators start from — cannot fall behind the code.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface L10nScan {
  messages: string[];
  /** l10n.t calls whose message is not a literal (a translator could never match them). */
  problems: string[];
}

export function scanL10n(srcDir: string): L10nScan {
  const messages = new Set<string>();
  const problems: string[] = [];
  const files = (fs.readdirSync(srcDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
  for (const rel of files) {
    const file = path.join(srcDir, rel);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(source))) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.add(first.text);
        else {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          problems.push(`${path.join('src', rel)}:${line + 1}: l10n.t needs a literal message`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages: [...messages].sort(), problems };
}

/** The bundle as @vscode/l10n-dev writes it: each message keyed by itself. */
export function l10nBundle(messages: readonly string[]): string {
  return `${JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2)}\n`;
}
