// Key arithmetic: keys from local paths with either separator, prefixes, URIs, names, and safe download paths.
import assert from 'node:assert/strict';
import {
  displayName,
  isFolderKey,
  localSegmentsFor,
  normalizePrefix,
  parentPrefix,
  parseS3Uri,
  pathSegments,
  s3Uri,
  toKey,
  utf8ByteLength,
} from '../../src/core/s3Keys';

describe('s3Keys', () => {
  describe('toKey', () => {
    it('builds keys for nested folders from POSIX relative paths', () => {
      assert.equal(toKey('uploads/', 'site/css/main.css'), 'uploads/site/css/main.css');
      assert.equal(toKey('', 'a/b/c/d.txt'), 'a/b/c/d.txt');
      assert.equal(toKey('uploads', './site//img/logo.png'), 'uploads/site/img/logo.png');
    });

    it('builds the same keys from Windows relative paths, mixed separators included', () => {
      assert.equal(toKey('uploads/', 'site\\css\\main.css'), 'uploads/site/css/main.css');
      assert.equal(toKey('uploads/', 'site\\img/logo.png'), 'uploads/site/img/logo.png');
      assert.equal(toKey('/deep/prefix', '.\\day 1\\photo (2).jpg'), 'deep/prefix/day 1/photo (2).jpg');
    });

    it('keeps a backslash that is part of a POSIX file name when told the separator', () => {
      assert.equal(toKey('p/', 'dir/a\\b.txt', '/'), 'p/dir/a\\b.txt');
      assert.deepEqual(pathSegments('dir\\a/b.txt', '\\'), ['dir', 'a/b.txt']);
    });

    it('refuses paths that climb out of the uploaded folder or name nothing', () => {
      assert.throws(() => toKey('p/', '../secret.txt'), /leaves the uploaded folder/);
      assert.throws(() => toKey('p/', 'a\\..\\..\\x'), /leaves the uploaded folder/);
      assert.throws(() => toKey('p/', './'), /names no file/);
    });

    it('keeps Unicode names as they are', () => {
      const key = toKey('données/', 'été\\résumé.pdf');
      assert.equal(key, 'données/été/résumé.pdf');
      assert.equal(utf8ByteLength(key), Buffer.from(key, 'utf8').length);
      assert.ok(utf8ByteLength(key) > key.length, 'bytes, not characters');
    });
  });

  it('normalises prefixes to S3 form', () => {
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
    assert.equal(displayName('a/b/c.txt'), 'c.txt');
    assert.equal(displayName('a/b/'), 'b');
    assert.equal(displayName('top'), 'top');
    assert.ok(isFolderKey('a/b/'));
    assert.ok(!isFolderKey('a/b'));
  });

  describe('localSegmentsFor (downloads)', () => {
    it('maps keys under the prefix to relative path segments', () => {
      assert.deepEqual(localSegmentsFor('logs/', 'logs/2024/01/app.log'), ['2024', '01', 'app.log']);
      assert.deepEqual(localSegmentsFor('', 'a.txt'), ['a.txt']);
      assert.deepEqual(localSegmentsFor('logs/', 'logs/2024/'), ['2024'], 'a folder marker gives its folder');
      assert.deepEqual(localSegmentsFor('logs/', 'logs/'), []);
    });

    it('refuses keys that would escape the target folder or are outside the prefix', () => {
      assert.equal(localSegmentsFor('logs/', 'logs/../../etc/passwd'), undefined);
      assert.equal(localSegmentsFor('logs/', 'logs/./a'), undefined);
      assert.equal(localSegmentsFor('logs/', 'logs//a'), undefined);
      assert.equal(localSegmentsFor('logs/', 'logs/..\\..\\x'), undefined, 'a backslash is a separator on Windows');
      assert.equal(localSegmentsFor('logs/', 'other/a'), undefined);
    });
  });
});
