// Case 9: the .vsix a person installs (built by `npm run package` before the other cases ran) and the bundles in it.
import type { BenchCase } from '../context';
import { ms } from '../format';
import { bounded, info, series } from '../stats';

const VSIX_LIMIT_KIB = 600;
/** The bundle activation loads (issue 13); the others load on first use. */
const ACTIVATION_BUNDLE = 'dist/extension.js';
const ACTIVATION_BUNDLE_LIMIT_KIB = 80;

export const packageCase: BenchCase = {
  id: 'package',
  title: 'Package size',
  async run(ctx) {
    const kib = (bytes: number): number => bytes / 1024;
    const rows = [
      bounded(9, '.vsix size', series('aws-role-chains.vsix', 'KiB', [kib(ctx.pkg.vsixBytes)]), 'max', VSIX_LIMIT_KIB, `≤ ${VSIX_LIMIT_KIB} KiB`),
      ...ctx.pkg.bundles.map((b) =>
        b.file === ACTIVATION_BUNDLE
          ? bounded(9, `${b.file} (production bundle, loaded at activation)`, series(b.file, 'KiB', [kib(b.bytes)]), 'max', ACTIVATION_BUNDLE_LIMIT_KIB, `≤ ${ACTIVATION_BUNDLE_LIMIT_KIB} KiB`)
          : info(9, `${b.file} (production bundle${b.file.startsWith('dist/lazy/') ? ', loaded on first use' : ''})`, series(b.file, 'KiB', [kib(b.bytes)])),
      ),
    ];
    return {
      rows,
      notes: [`\`npm run package\` (production esbuild + vsce, in a staged copy of the sources) took ${ms(ctx.pkg.buildMs)}.`],
    };
  },
};
