// Separate bundles, each reached through one door in the sources, so activation loads only dist/extension.js:
// - dist/aws.js: everything that touches the AWS SDK (src/awsLoader.ts, first use). Loading the SDK costs ~100 ms.
// - dist/lazy/<feature>.<name>.js: a feature's code behind its commands (`import('./<name>.lazy')` in
//   src/ui/<feature>/), loaded on the first command of that feature.
// - dist/testing.js: the integration tests' API (src/testingLoader.ts, only when ROLE_CHAINS_TESTING=1). The .vsix
//   does not ship it (.vscodeignore).
// The build fails if SDK code or the testing API leaks into the bundles that ship.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** `src/ui/policies/generate.lazy.ts` → `dist/lazy/policies.generate.js`. */
const lazyOutfile = (file) => `dist/lazy/${path.relative('src/ui', file).replace(/\.lazy\.ts$/, '').split(path.sep).join('.')}.js`;
const lazyEntries = fs
  .readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.lazy.ts'))
  .map((f) => path.join('src', f))
  .sort();

/**
 * Turns each door into a reference to the separate bundle, relative to the bundle being built (Node resolves it from
 * that file's folder): `import('./core/aws')` in awsLoader.ts, `require('./ui/testing')` in testingLoader.ts and any
 * `import('./x.lazy')`. A lazy module imported statically would load at activation after all, so that fails the build.
 * Named exports of these CommonJS bundles reach `import()` through esbuild's `0 && (module.exports = {…})` hint.
 */
function doors(outfile) {
  const from = (target) => {
    const relative = path.relative(path.dirname(outfile), target).split(path.sep).join('/');
    return relative.startsWith('.') ? relative : `./${relative}`;
  };
  return {
    name: 'doors',
    setup(build) {
      build.onResolve({ filter: /^\.\/core\/aws(\/index)?$/ }, (args) =>
        args.importer.endsWith('awsLoader.ts') ? { path: from('dist/aws.js'), external: true } : undefined,
      );
      build.onResolve({ filter: /^\.\/ui\/testing$/ }, (args) =>
        args.importer.endsWith('testingLoader.ts') ? { path: from('dist/testing.js'), external: true } : undefined,
      );
      build.onResolve({ filter: /\.lazy$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return { errors: [{ text: `${args.path} is a lazy module: reach it with await import(), never a static import` }] };
        return { path: from(lazyOutfile(path.join(args.resolveDir, `${args.path}.ts`))), external: true };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // bowser parses browser user agents for the SDK's browser runtime only, reached through a dynamic import() that
  // Node never runs; bundled, it is 34 KB of dist/aws.js (8 KiB of the .vsix) for nothing.
  external: ['vscode', 'bowser'],
};

const bundles = [
  { entry: 'src/extension.ts', outfile: 'dist/extension.js' },
  { entry: 'src/core/aws/index.ts', outfile: 'dist/aws.js' },
  { entry: 'src/ui/testing/index.ts', outfile: 'dist/testing.js' },
  ...lazyEntries.map((entry) => ({ entry, outfile: lazyOutfile(entry) })),
];
const options = bundles.map(({ entry, outfile }) => ({ ...common, entryPoints: [entry], outfile, plugins: [doors(outfile)] }));

/** What must not be in a bundle the .vsix ships, and where it belongs. */
const forbidden = [
  { markers: ['@aws-sdk/', '@smithy/', 'AssumeRoleCommand'], except: 'dist/aws.js', door: 'the AWS SDK must only be reached through src/awsLoader.ts' },
  { markers: ['setPromptsForTesting', 'setUiForTesting', 'chainsSelection'], except: 'dist/testing.js', door: 'the testing API must only be reached through src/testingLoader.ts' },
];

if (watch) {
  for (const o of options) await (await esbuild.context(o)).watch();
} else {
  fs.rmSync('dist', { recursive: true, force: true });
  await Promise.all(options.map((o) => esbuild.build(o)));
  for (const { outfile } of bundles) {
    const text = fs.readFileSync(outfile, 'utf8');
    for (const { markers, except, door } of forbidden) {
      const marker = outfile === except ? undefined : markers.find((m) => text.includes(m));
      if (marker) {
        console.error(`esbuild: ${outfile} contains "${marker}": ${door}`);
        process.exit(1);
      }
    }
  }
  const kb = (f) => (fs.statSync(f).size / 1024).toFixed(1);
  console.log(bundles.map(({ outfile }) => `${outfile} ${kb(outfile)} KB`).join(', '));
  if (production) writePackagedReadme();
}

/**
 * dist/README.md, the README the .vsix ships (`vsce --readme-path`): its pictures inlined as data: URIs. The
 * Extensions view's details page only loads https: and data: images (its CSP), so the repository's relative paths
 * would be broken there, and there is no public https home to point them at.
 */
function writePackagedReadme() {
  const types = { '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif' };
  const readme = fs.readFileSync('README.md', 'utf8').replace(/(!\[[^\]]*\]\()([^)\s]+)(\))/g, (all, open, src, close) => {
    const type = types[src.slice(src.lastIndexOf('.')).toLowerCase()];
    if (/^[a-z]+:/i.test(src) || !type) return all;
    return `${open}data:${type};base64,${fs.readFileSync(src).toString('base64')}${close}`;
  });
  fs.writeFileSync('dist/README.md', readme);
  console.log(`dist/README.md ${(fs.statSync('dist/README.md').size / 1024).toFixed(1)} KB (pictures inlined for the details page)`);
}
