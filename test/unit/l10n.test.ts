// Localisation is ready for translators: every manifest string is a %key% of package.nls.json, and every runtime
// message given to vscode.l10n.t is a literal listed in l10n/bundle.l10n.json (`npm run l10n` rewrites it).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { l10nBundle, scanL10n } from '../support/l10nStrings';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

/** Every string in the manifest a person reads, with where it is. */
function manifestTexts(node: unknown, at: string, out: [string, string][] = []): [string, string][] {
  const TEXT = new Set(['label', 'displayName', 'description', 'markdownDescription', 'title', 'name', 'contextualTitle', 'contents', 'category', 'patternErrorMessage', 'errorMessage', 'deprecationMessage', 'markdownDeprecationMessage']);
  if (Array.isArray(node)) node.forEach((v, i) => manifestTexts(v, `${at}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'body') continue; // a snippet's inserted JSON, not prose
      if (typeof v === 'string' && TEXT.has(k)) out.push([`${at}.${k}`, v]);
      else if ((k === 'enumDescriptions' || k === 'markdownEnumDescriptions') && Array.isArray(v)) v.forEach((d, i) => out.push([`${at}.${k}[${i}]`, String(d)]));
      else manifestTexts(v, `${at}.${k}`, out);
    }
  }
  return out;
}

describe('localisation', () => {
  it('puts every manifest string in package.nls.json, and uses every key there', () => {
    const pkg = JSON.parse(read('package.json')) as { displayName: string; description: string; capabilities: unknown; contributes: Record<string, unknown>; l10n?: string; name: string };
    const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
    const texts = manifestTexts({ displayName: pkg.displayName, description: pkg.description, capabilities: pkg.capabilities, contributes: pkg.contributes }, 'package');
    const literal = texts.filter(([, v]) => !/^%[\w.-]+%$/.test(v));
    assert.deepEqual(literal.map(([w, v]) => `${w}: ${v.slice(0, 40)}`), [], 'manifest strings not in package.nls.json');
    const used = new Set(texts.map(([, v]) => v.slice(1, -1)));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys in package.nls.json that nothing uses');
    assert.deepEqual([...used].filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
    assert.equal(pkg.l10n, './l10n');
  });

  it('lists every vscode.l10n.t message, each a literal, in l10n/bundle.l10n.json', () => {
    const { messages, problems } = scanL10n(path.join(root, 'src'));
    assert.deepEqual(problems, []);
    assert.ok(messages.length >= 40, `only ${messages.length} runtime messages go through vscode.l10n.t`);
    assert.equal(read('l10n/bundle.l10n.json'), l10nBundle(messages), 'l10n/bundle.l10n.json is stale: run npm run l10n');
  });

  it('keeps the core English and free of vscode.l10n (it never imports vscode)', () => {
    assert.deepEqual(scanL10n(path.join(root, 'src', 'core')).messages, []);
  });

  it('ships the translations with the extension', () => {
    const ignore = read('.vscodeignore');
    assert.match(ignore, /^!package\.nls\*\.json$/m);
    assert.match(ignore, /^!l10n\/\*\.json$/m);
  });
});
