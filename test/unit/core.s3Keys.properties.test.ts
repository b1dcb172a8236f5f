// The key/path boundary proven over generated input (fast-check): hostile keys and bucket trees under both POSIX and
// Win32 rules never map outside the chosen folder, valid keys round-trip key → path → key, and folder uploads of
// generated trees full of links never pick up anything outside the chosen folder, and each file once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { folderTarget, isInside, keyFor, localPathFor, parentPrefix, segmentProblem, type PathFlavour } from '../../src/core/s3Keys';
import { expandUploadSources } from '../../src/core/uploadSources';

const FLAVOURS: Array<{ name: string; flavour: PathFlavour; roots: string[] }> = [
  { name: 'POSIX', flavour: path.posix, roots: ['/home/me/Downloads', '/tmp/with space', '/'] },
  { name: 'Win32', flavour: path.win32, roots: ['C:\\Users\\me\\Downloads', 'D:\\', '\\\\server\\share\\dl'] },
];

/** Segments an attacker would try, whole or as pieces of generated names. */
const HOSTILE = [
  '', '.', '..', '...', ' ..', '.. ', 'CON', 'con.txt', 'Aux', 'NUL.tar.gz', 'COM1', 'lpt9.log', 'COM¹', 'CONIN$', 'a:b', 'C:', 'c:x',
  'trail.', 'space ', '\\', '..\\..', 'reports  \\..\\..\\AppData\\Roaming\\Startup', '\\\\server\\share', '\0', 'x\u0001', '<', '>', '"',
  '|', '?', '*', '~', '$HOME', '%APPDATA%', '\u202e', '.bashrc', 'é', 'ok.txt',
];
const PIECES = ['a', 'b', 'C', 'O', 'N', '.', ' ', '\\', ':', '/', '\0', '\t', 'é', '-', '~', '$', '?', '%'];

const hostileSegment = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 8 }));
const hostileKey = fc
  .tuple(fc.array(hostileSegment, { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([segments, folder]) => segments.join('/') + (folder ? '/' : ''));
const safeSegment = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019-_.,()é ~'.split('')), minLength: 1, maxLength: 10 })
  .filter((s) => segmentProblem(s) === undefined);
const safePrefix = fc.array(safeSegment, { maxLength: 3 }).map((segments) => segments.map((s) => `${s}/`).join(''));

/** The mapped path stays inside the root, is exactly root + segments, and every segment is a plain name. */
function assertInside(flavour: PathFlavour, root: string, mapped: { path: string; segments: string[] }): void {
  const top = flavour.resolve(root);
  assert.ok(isInside(top, mapped.path, flavour), `${mapped.path} is outside ${top}`);
  assert.equal(mapped.path, flavour.join(top, ...mapped.segments));
  const rel = flavour.relative(top, mapped.path);
  assert.ok(rel !== '..' && !rel.startsWith(`..${flavour.sep}`) && !flavour.isAbsolute(rel), `relative path ${rel} leaves ${top}`);
  for (const s of mapped.segments) assert.equal(segmentProblem(s), undefined, `segment ${JSON.stringify(s)} got through`);
}

describe('s3Keys properties (fast-check)', () => {
  for (const { name, flavour, roots } of FLAVOURS) {
    describe(`${name} paths`, () => {
      const root = fc.constantFrom(...roots);

      it('a hostile key never maps outside the root; a refusal names the key', () => {
        fc.assert(
          fc.property(root, safePrefix, hostileKey, (r, base, rest) => {
            const key = base + rest;
            const mapped = localPathFor(r, base, key, flavour);
            if ('problem' in mapped) assert.ok(mapped.problem.includes(`"${key}"`), mapped.problem);
            else assertInside(flavour, r, mapped);
          }),
          { numRuns: 2000 },
        );
      });

      it('a key with a ".", ".." or empty segment below the base is always refused', () => {
        fc.assert(
          fc.property(root, safePrefix, fc.array(safeSegment, { maxLength: 3 }), fc.constantFrom('', '.', '..'), fc.array(safeSegment, { maxLength: 3 }), (r, base, before, bad, after) => {
            // An empty last segment is a folder marker ('a/') or the base itself, not an empty segment.
            if (bad === '' && after.length === 0) return;
            const key = base + [...before, bad, ...after].join('/');
            assert.ok('problem' in localPathFor(r, base, key, flavour), `${JSON.stringify(key)} was mapped`);
          }),
        );
      });

      it('a hostile bucket tree downloads only inside the folder, whatever folder row is chosen', () => {
        fc.assert(
          fc.property(root, fc.array(hostileKey, { minLength: 1, maxLength: 30 }), fc.nat(), (r, keys, pick) => {
            // Any folder row the tree would show: a prefix of one of the keys, ending in '/'.
            const key = keys[pick % keys.length] as string;
            const cuts = [...key.matchAll(/\//g)].map((m) => (m.index ?? 0) + 1);
            const prefix = cuts.length ? key.slice(0, cuts[pick % cuts.length]) : '';
            const target = folderTarget({ bucket: 'shared', prefix, targetDir: r, relativeTo: parentPrefix(prefix), ...(prefix ? {} : { folderName: 'shared' }) }, flavour);
            if ('problem' in target) {
              assert.match(target.problem, /Nothing was written\.$/);
              return;
            }
            assert.ok(isInside(flavour.resolve(r), target.dir, flavour));
            for (const k of keys.filter((k) => k.startsWith(prefix))) {
              const mapped = localPathFor(target.layout, prefix ? parentPrefix(prefix) : '', k, flavour);
              if ('problem' in mapped) continue;
              assertInside(flavour, target.layout, mapped);
              assert.ok(isInside(flavour.resolve(r), mapped.path, flavour), `${k} left ${r}`);
              assert.ok(isInside(target.dir, mapped.path, flavour), `${k} left its folder ${target.dir}`);
            }
          }),
          { numRuns: 500 },
        );
      });

      it('a valid key round-trips: key → local path → key', () => {
        fc.assert(
          fc.property(root, safePrefix, fc.array(safeSegment, { minLength: 1, maxLength: 6 }), (r, base, segments) => {
            const key = base + segments.join('/');
            const mapped = localPathFor(r, base, key, flavour);
            assert.ok('path' in mapped, `refused ${JSON.stringify(key)}: ${'problem' in mapped ? mapped.problem : ''}`);
            assertInside(flavour, r, mapped);
            const back = keyFor(base, flavour.relative(flavour.resolve(r), mapped.path).split(flavour.sep));
            assert.deepEqual(back, { key });
          }),
          { numRuns: 1000 },
        );
      });
    });
  }

  describe('folder uploads of generated trees with links', function () {
    this.timeout(60_000);
    let tmp: string;
    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-walk-prop-'));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    // A tree: folders and files by relative path, then links placed among them, each pointing at something inside
    // the tree, at the tree or its parents, at a fake ~/.aws outside, or nowhere.
    const relPath = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 3 });
    const linkTarget = fc.oneof(
      fc.record({ kind: fc.constant('inside' as const), to: relPath }),
      fc.record({ kind: fc.constantFrom('outside-file' as const, 'outside-dir' as const, 'root' as const, 'parent' as const, 'nowhere' as const, 'absolute-root' as const) }),
    );
    const tree = fc.record({
      dirs: fc.array(relPath, { maxLength: 6 }),
      files: fc.array(relPath, { maxLength: 8 }),
      links: fc.array(fc.record({ at: relPath, target: linkTarget, relative: fc.boolean() }), { maxLength: 6 }),
    });

    it('uploads every real file once and nothing outside the chosen folder', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(tree, async ({ dirs, files, links }) => {
          const base = path.join(tmp, String(run++));
          const home = path.join(base, 'home');
          fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
          fs.writeFileSync(path.join(home, '.aws', 'credentials'), 'secret');
          const site = path.join(base, 'repo', 'site');
          fs.mkdirSync(site, { recursive: true });
          const free = (p: string): boolean => !fs.existsSync(p) && !isLink(p) && fs.existsSync(path.dirname(p)) && fs.lstatSync(path.dirname(p)).isDirectory();
          for (const d of dirs) fs.mkdirSync(path.join(site, ...d), { recursive: true });
          for (const f of files) {
            const p = path.join(site, ...f);
            if (free(p)) fs.writeFileSync(p, f.join('/'));
          }
          for (const { at, target, relative } of links) {
            const p = path.join(site, ...at);
            if (!free(p)) continue;
            const to =
              target.kind === 'inside' ? path.join(site, ...target.to)
              : target.kind === 'outside-file' ? path.join(home, '.aws', 'credentials')
              : target.kind === 'outside-dir' ? path.join(home, '.aws')
              : target.kind === 'root' ? site
              : target.kind === 'parent' ? path.dirname(site)
              : target.kind === 'absolute-root' ? '/'
              : path.join(base, 'nowhere');
            fs.symlinkSync(relative && target.kind !== 'absolute-root' ? path.relative(path.dirname(p), to) || '.' : to, p);
          }

          const { items, linksOutside } = await expandUploadSources([site], 'up/');
          const realSite = fs.realpathSync(site);
          const reals = items.map((i) => fs.realpathSync(i.localPath));
          for (const [i, item] of items.entries()) {
            const real = reals[i] as string;
            assert.ok(isInside(realSite, real), `${item.localPath} → ${real} is outside the folder`);
            assert.equal(real, path.join(realSite, path.relative(site, item.localPath)), `${item.localPath} was reached through a link`);
            assert.equal(item.key, `up/site/${path.relative(site, item.localPath).split(path.sep).join('/')}`);
          }
          assert.equal(new Set(reals).size, reals.length, 'a file went up twice');
          assert.deepEqual([...reals].sort(), realFilesUnder(realSite), 'a real file inside the folder was missed');
          for (const l of linksOutside) assert.ok(!isInside(realSite, l.target), `${l.path} was called outside but leads inside`);
        }),
        { numRuns: 60 },
      );
    });
  });
});

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Regular files under a folder, found without following any link (what an upload of it may contain). */
function realFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...realFilesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}
