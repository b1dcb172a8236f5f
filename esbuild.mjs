// Two bundles: dist/extension.js (loaded at activation, no AWS SDK) and dist/aws.js (everything that
// touches the AWS SDK, loaded on first use through src/awsLoader.ts). Loading the SDK costs ~100 ms;
// activation must not pay it, so the build fails if SDK code leaks into the activation bundle.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * `import('./core/aws')` in src/awsLoader.ts stays a dynamic `import("./aws.js")` of the external CommonJS bundle.
 * Node loads it on the first call; its named exports come through esbuild's `0 && (module.exports = {…})` hint.
 */
const lazyAws = {
  name: 'lazy-aws',
  setup(build) {
    build.onResolve({ filter: /^\.\/core\/aws(\/index)?$/ }, (args) =>
      args.importer.endsWith('awsLoader.ts') ? { path: './aws.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const options = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyAws] },
  { ...common, entryPoints: ['src/core/aws/index.ts'], outfile: 'dist/aws.js' },
];

if (watch) {
  for (const o of options) await (await esbuild.context(o)).watch();
} else {
  fs.rmSync('dist', { recursive: true, force: true });
  await Promise.all(options.map((o) => esbuild.build(o)));
  const entry = fs.readFileSync('dist/extension.js', 'utf8');
  for (const marker of ['@aws-sdk/', '@smithy/', 'AssumeRoleCommand']) {
    if (entry.includes(marker)) {
      console.error(`esbuild: dist/extension.js contains "${marker}": the AWS SDK must only be reached through src/awsLoader.ts`);
      process.exit(1);
    }
  }
  const kb = (f) => (fs.statSync(f).size / 1024).toFixed(1);
  console.log(`dist/extension.js ${kb('dist/extension.js')} KB, dist/aws.js ${kb('dist/aws.js')} KB`);
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
