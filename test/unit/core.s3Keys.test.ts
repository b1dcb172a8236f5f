// Key arithmetic and the key/path boundary by example: keys from local names, prefixes, URIs, names, and the local
// paths keys may become (core.s3Keys.properties.test.ts proves the same rules over generated keys and trees).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  displayName,
  folderTarget,
  isFolderKey,
  isInside,
  keyFor,
  localPathFor,
  normalizePrefix,
  parentPrefix,
  parseS3Uri,
  s3Uri,
  segmentProblem,
  utf8ByteLength,
} from '../../src/core/s3Keys';

const problemOf = (r: { problem: string } | object): string => ('problem' in r ? r.problem : '');

describe('s3Keys', () => {
  describe('keyFor (local → S3)', () => {
    it("joins a file's path segments under the exact prefix", () => {
      assert.deepEqual(keyFor('uploads/', ['site', 'css', 'main.css']), { key: 'uploads/site/css/main.css' });
      assert.deepEqual(keyFor('', ['a', 'b', 'c', 'd.txt']), { key: 'a/b/c/d.txt' });
      assert.deepEqual(keyFor('a//', ['x.txt']), { key: 'a//x.txt' }, 'a blank folder keeps its empty segment');
    });

    it('keeps a backslash that is part of a POSIX file name', () => {
      assert.deepEqual(keyFor('p/', ['dir', 'a\\b.txt']), { key: 'p/dir/a\\b.txt' });
    });

    it('refuses a prefix that is not a folder, and segments no real file name can be', () => {
      assert.match(problemOf(keyFor('uploads', ['a'])), /must end in "\/"/);
      assert.match(problemOf(keyFor('p/', [])), /at least one path segment/);
      assert.match(problemOf(keyFor('p/', ['..', 'secret.txt'])), /"\.\." segment/);
      assert.match(problemOf(keyFor('p/', ['a', '', 'b'])), /"" segment/);
      assert.match(problemOf(keyFor('p/', ['a/b'])), /"\/" in a name/);
    });

    it('keeps Unicode names as they are', () => {
      const mapped = keyFor('données/', ['été', 'résumé.pdf']);
      assert.ok('key' in mapped);
      assert.equal(mapped.key, 'données/été/résumé.pdf');
      assert.equal(utf8ByteLength(mapped.key), Buffer.from(mapped.key, 'utf8').length);
      assert.ok(utf8ByteLength(mapped.key) > mapped.key.length, 'bytes, not characters');
    });
  });

  it('normalises typed prefixes to S3 form', () => {
    assert.equal(normalizePrefix(''), '');
    assert.equal(normalizePrefix('/'), '');
    assert.equal(normalizePrefix('a'), 'a/');
    assert.equal(normalizePrefix('/a//b/'), 'a/b/');
    assert.equal(normalizePrefix('a/b/'), 'a/b/');
  });

  it('formats and parses S3 URIs', () => {
    assert.equal(s3Uri('bucket1', 'a/b.txt'), 's3://bucket1/a/b.txt');
    assert.equal(s3Uri('bucket1'), 's3://bucket1/');
    assert.deepEqual(parseS3Uri('s3://bucket1/a/b c.txt'), { bucket: 'bucket1', key: 'a/b c.txt' });
    assert.deepEqual(parseS3Uri('s3://bucket1'), { bucket: 'bucket1', key: '' });
    assert.equal(parseS3Uri('https://bucket1/a'), undefined);
    assert.equal(parseS3Uri('s3:///a'), undefined);
  });

  it('finds parents and display names of keys and prefixes', () => {
    assert.equal(parentPrefix('a/b/c.txt'), 'a/b/');
    assert.equal(parentPrefix('a/b/'), 'a/');
    assert.equal(parentPrefix('a'), '');
    assert.equal(parentPrefix('a/'), '');
    assert.equal(parentPrefix('a//'), 'a/', 'the blank folder of a//junk lives in a/');
    assert.equal(displayName('a/b/c.txt'), 'c.txt');
    assert.equal(displayName('a/b/'), 'b');
    assert.equal(displayName('top'), 'top');
    assert.ok(isFolderKey('a/b/'));
    assert.ok(!isFolderKey('a/b'));
  });

  describe('segmentProblem', () => {
    it('accepts ordinary names, dots inside and Unicode', () => {
      for (const ok of ['a.txt', '.bashrc', '..hidden', 'a..b', 'CONSOLE', 'com10', 'lpt', 'été', 'file (2).tar.gz', '-x']) {
        assert.equal(segmentProblem(ok), undefined, ok);
      }
    });

    it('refuses what would climb, alias or be a device, and says which', () => {
      const cases: Array<[string, RegExp]> = [
        ['', /empty segment/],
        ['.', /"\." segment/],
        ['..', /"\.\." segment/],
        ['a\0b', /NUL/],
        ['a\u0001', /control character/],
        ['a\\b', /backslash/],
        ['a:b', /":".*Windows/],
        ['C:', /":"/],
        ['<x>', /"<"/],
        ['say "hi"', /"""/],
        ['a|b', /"\|"/],
        ['a?', /"\?"/],
        ['a*', /"\*"/],
        ['trail.', /ends in a dot or space/],
        ['space ', /ends in a dot or space/],
        ['CON', /device name/],
        ['con.txt', /device name/],
        ['Nul.tar.gz', /device name/],
        ['AUX', /device name/],
        ['PRN', /device name/],
        ['COM1', /device name/],
        ['com9.log', /device name/],
        ['LPT1', /device name/],
        ['lpt9', /device name/],
        ['COM¹', /device name/],
        ['CONIN$', /device name/],
      ];
      for (const [segment, why] of cases) assert.match(segmentProblem(segment) ?? '', why, JSON.stringify(segment));
    });
  });

  describe('localPathFor (S3 → local)', () => {
    it('maps keys under the listed prefix to paths inside the root', () => {
      assert.deepEqual(localPathFor('/dl', 'logs/', 'logs/2024/01/app.log', path.posix), { path: '/dl/2024/01/app.log', segments: ['2024', '01', 'app.log'] });
      assert.deepEqual(localPathFor('/dl', '', 'a.txt', path.posix), { path: '/dl/a.txt', segments: ['a.txt'] });
      assert.deepEqual(localPathFor('/dl', 'logs/', 'logs/2024/', path.posix), { path: '/dl/2024', segments: ['2024'] }, 'a folder marker gives its folder');
      assert.deepEqual(localPathFor('/dl', 'logs/', 'logs/', path.posix), { path: '/dl', segments: [] });
      assert.deepEqual(localPathFor('C:\\Users\\me\\Downloads', 'a/', 'a/b/c.txt', path.win32), {
        path: 'C:\\Users\\me\\Downloads\\b\\c.txt',
        segments: ['b', 'c.txt'],
      });
    });

    it('refuses keys that would escape or alias, naming the key, under both path flavours', () => {
      for (const flavour of [path.posix, path.win32]) {
        const root = flavour === path.win32 ? 'C:\\Users\\me\\Downloads' : '/home/me/Downloads';
        assert.equal(problemOf(localPathFor(root, '', '../.bashrc', flavour)), '"../.bashrc" has a ".." segment.');
        assert.match(problemOf(localPathFor(root, 'x/', 'x/../../y', flavour)), /"x\/\.\.\/\.\.\/y" has a "\.\." segment/);
        assert.match(problemOf(localPathFor(root, 'a/', 'a//junk', flavour)), /empty segment/);
        assert.match(problemOf(localPathFor(root, 'a/', 'a//', flavour)), /empty segment/, 'the blank folder itself');
        assert.match(problemOf(localPathFor(root, 'r/', 'r/reports  \\..\\..\\AppData\\Roaming\\Startup/evil.bat', flavour)), /backslash/);
        assert.match(problemOf(localPathFor(root, '', 'CON', flavour)), /device name/);
        assert.match(problemOf(localPathFor(root, '', 'C:/x', flavour)), /":"/);
        assert.match(problemOf(localPathFor(root, 'logs/', 'other/a', flavour)), /not under "logs\/"/);
      }
    });

    it('lays a folder out under its own name, refusing the whole folder when its name is hostile', () => {
      assert.deepEqual(folderTarget({ bucket: 'b', prefix: 'a/tree/', targetDir: '/dl', relativeTo: 'a/' }, path.posix), {
        root: '/dl',
        layout: '/dl',
        dir: '/dl/tree',
        segments: ['tree'],
      });
      assert.deepEqual(folderTarget({ bucket: 'b', prefix: '', targetDir: '/dl', relativeTo: '', folderName: 'b' }, path.posix), {
        root: '/dl',
        layout: '/dl/b',
        dir: '/dl/b',
        segments: ['b'],
      });
      assert.equal(
        problemOf(folderTarget({ bucket: 'b', prefix: '../', targetDir: '/dl', relativeTo: '' }, path.posix)),
        'Cannot download s3://b/../: "../" has a ".." segment. Nothing was written.',
      );
      assert.match(problemOf(folderTarget({ bucket: 'b', prefix: 'a//', targetDir: '/dl', relativeTo: 'a/' }, path.posix)), /empty segment/);
      assert.match(problemOf(folderTarget({ bucket: 'b', prefix: 'logs', targetDir: '/dl' }, path.posix)), /not a folder/);
    });

    it('isInside compares under the flavour given', () => {
      assert.ok(isInside('/a/b', '/a/b/c', path.posix));
      assert.ok(isInside('/a/b', '/a/b', path.posix));
      assert.ok(!isInside('/a/b', '/a/bc', path.posix));
      assert.ok(!isInside('/a/b', '/a', path.posix));
      assert.ok(isInside('C:\\A\\b', 'c:\\a\\B\\c', path.win32), 'Windows paths compare without case');
      assert.ok(!isInside('C:\\a', 'D:\\a', path.win32));
      assert.ok(!isInside('C:\\a', 'C:\\a\\..\\..', path.win32));
    });
  });
});
