// The S3 view's pure helpers (no vscode import): presigned-URL expiry as typed, sizes and icons on rows, and the
// checks on payloads that commands receive from rows, other commands or keybindings.
import * as assert from 'node:assert/strict';
import { formatExpiry, parseExpiry } from '../../src/ui/s3/expiry';
import { formatBytes, objectIconId, plural } from '../../src/ui/s3/format';
import { asBucketRef, asContainerRef, asObjectRef, asRootRef, containerKey, rootKey } from '../../src/ui/s3/refs';

describe('S3 view helpers', () => {
  describe('presigned URL expiry', () => {
    it('reads minutes by default, and seconds, minutes or hours with a unit', () => {
      assert.equal(parseExpiry('15'), 900);
      assert.equal(parseExpiry(' 15m '), 900);
      assert.equal(parseExpiry('15 min'), 900);
      assert.equal(parseExpiry('90s'), 90);
      assert.equal(parseExpiry('2h'), 7200);
      assert.equal(parseExpiry('1 Hour'), 3600);
    });

    it('refuses anything else', () => {
      for (const text of ['', 'm', '1.5h', '-5', '10 days', '5m30s', '15 minutes please']) assert.equal(parseExpiry(text), undefined, text);
    });

    it('formats the shortest exact form, which reads back to the same seconds', () => {
      for (const seconds of [1, 59, 60, 900, 3599, 3600, 5400, 7200]) assert.equal(parseExpiry(formatExpiry(seconds)), seconds);
      assert.equal(formatExpiry(900), '15m');
      assert.equal(formatExpiry(3600), '1h');
      assert.equal(formatExpiry(61), '61s');
    });
  });

  describe('row text', () => {
    it('writes sizes in binary multiples', () => {
      assert.equal(formatBytes(0), '0 B');
      assert.equal(formatBytes(812), '812 B');
      assert.equal(formatBytes(1536), '1.5 KB');
      assert.equal(formatBytes(23 * 1024 * 1024), '23 MB');
      assert.equal(formatBytes(-5), '0 B');
    });

    it('counts with the right plural', () => {
      assert.equal(plural(1, 'file'), '1 file');
      assert.equal(plural(2500, 'object'), '2,500 objects');
    });

    it('picks an icon by the kind of object', () => {
      assert.equal(objectIconId('photos/a.JPG'), 'file-media');
      assert.equal(objectIconId('backup.tar.gz'), 'file-zip');
      assert.equal(objectIconId('report.pdf'), 'file-pdf');
      assert.equal(objectIconId('src/main.ts'), 'file-code');
      assert.equal(objectIconId('notes'), 'file');
    });
  });

  describe('payloads', () => {
    const root = { chainName: 'prod', stepIndex: 1 };

    it('accepts rows and plain objects of the right shape', () => {
      assert.deepEqual(asRootRef({ ...root, label: 'a tree row' }), root);
      assert.deepEqual(asBucketRef({ ...root, bucket: 'b1' }), { ...root, bucket: 'b1' });
      assert.deepEqual(asContainerRef({ ...root, bucket: 'b1' }), { ...root, bucket: 'b1', prefix: '' });
      assert.deepEqual(asContainerRef({ ...root, bucket: 'b1', prefix: 'a/b/' }), { ...root, bucket: 'b1', prefix: 'a/b/' });
      assert.deepEqual(asObjectRef({ ...root, bucket: 'b1', key: 'a/x.txt', size: 3 }), { ...root, bucket: 'b1', key: 'a/x.txt', size: 3 });
    });

    it('refuses anything else', () => {
      assert.equal(asRootRef('prod'), undefined);
      assert.equal(asRootRef({ chainName: 'prod', stepIndex: -1 }), undefined);
      assert.equal(asRootRef({ chainName: 'prod', stepIndex: 0.5 }), undefined);
      assert.equal(asBucketRef({ ...root, bucket: '' }), undefined);
      assert.equal(asContainerRef({ ...root, bucket: 'b1', prefix: 'no-slash' }), undefined, 'a folder prefix ends in /');
      assert.equal(asContainerRef({ ...root, bucket: 'b1', key: 'x' }), undefined, 'an object is not a container');
      assert.equal(asObjectRef({ ...root, bucket: 'b1', prefix: 'a/' }), undefined);
    });

    it('keys a level so that its descendants, and only they, share its key as a prefix', () => {
      const bucket = containerKey({ ...root, bucket: 'b1', prefix: '' });
      const folder = containerKey({ ...root, bucket: 'b1', prefix: 'a/' });
      assert.ok(bucket.startsWith(rootKey(root)));
      assert.ok(folder.startsWith(bucket));
      assert.ok(containerKey({ ...root, bucket: 'b1', prefix: 'a/b/' }).startsWith(folder));
      assert.ok(!containerKey({ ...root, bucket: 'b1', prefix: 'ab/' }).startsWith(folder));
      assert.ok(!containerKey({ ...root, bucket: 'b10', prefix: '' }).startsWith(bucket));
      assert.ok(!rootKey({ chainName: 'prod', stepIndex: 10 }).startsWith(rootKey(root)));
      assert.ok(!rootKey({ chainName: 'prod-2', stepIndex: 1 }).startsWith(rootKey(root)));
    });
  });
});
