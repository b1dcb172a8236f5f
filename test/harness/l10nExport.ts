// `npm run l10n`: writes l10n/bundle.l10n.json from the vscode.l10n.t messages in src/ (translations go beside it
// as bundle.l10n.<locale>.json; the manifest's strings are in package.nls.json and package.nls.<locale>.json).
import fs from 'node:fs';
import path from 'node:path';
import { l10nBundle, scanL10n } from '../support/l10nStrings';
import { repoRoot } from './paths';

const { messages, problems } = scanL10n(path.join(repoRoot, 'src'));
for (const p of problems) console.error(p);
fs.mkdirSync(path.join(repoRoot, 'l10n'), { recursive: true });
fs.writeFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.json'), l10nBundle(messages));
console.log(`l10n/bundle.l10n.json: ${messages.length} messages`);
process.exit(problems.length > 0 ? 1 : 0);
