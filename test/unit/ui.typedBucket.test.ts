// The bucket picker's item for typed text: a valid name is offered as "Use bucket …", validated exactly as Add
// Bucket by Name… validates it.
import * as assert from 'node:assert/strict';
import { validateBucketName } from '../../src/core/validation';
import { typedBucketItem } from '../../src/ui/s3/typedBucket';

describe('bucket picker: typed bucket names', () => {
  it('offers a valid name that is not listed as "Use bucket …", with the bucket to use', () => {
    const item = typedBucketItem('  reports-2025 ', ['bucket2']);
    assert.equal(item?.label, '$(arrow-right) Use bucket "reports-2025"');
    assert.equal(item?.bucket, 'reports-2025');
    assert.equal(item?.alwaysShow, true);
  });

  it('adds nothing for empty text or a name already listed (the listed item takes Enter)', () => {
    assert.equal(typedBucketItem('', ['bucket2']), undefined);
    assert.equal(typedBucketItem('   ', ['bucket2']), undefined);
    assert.equal(typedBucketItem('bucket2', ['bucket2']), undefined);
  });

  it("explains an invalid name with Add Bucket by Name's validator message and gives no bucket", () => {
    for (const bad of ['Bucket-Typed', 'ab', 'my_bucket', '192.168.1.1', 'xn--bucket', 'a..b']) {
      const item = typedBucketItem(bad, []);
      assert.equal(item?.bucket, undefined, bad);
      assert.equal(item?.detail, validateBucketName(bad), bad);
      assert.ok(validateBucketName(bad), `${bad} should be invalid`);
    }
  });

  it('does not tell off a person typing to narrow the list to a known bucket', () => {
    assert.equal(typedBucketItem('bu', ['bucket2']), undefined);
    assert.equal(typedBucketItem('BUCK', ['bucket2']), undefined);
    assert.ok(typedBucketItem('bucket', ['bucket2'])?.bucket === 'bucket', 'a valid shorter name is still offered, after the matches');
  });
});
