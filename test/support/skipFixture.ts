// A suite for test/unit/harness.skips.test.ts to run in a child mocha: one pass, one test skipped with a reason, one
// suite skipped from its hook, and one bare this.skip(). Not a test of the product (its name does not end in .test).
import { skipBecause } from './skip';

describe('fixture', function () {
  it('passes', function () {
    // nothing to check: the fixture only feeds the reporter
  });
  it('skips itself', function () {
    skipBecause(this, 'the fixture has no editor');
  });
  it('skips without a reason', function () {
    this.skip();
  });
  describe('a suite skipped from its hook', function () {
    before(function () {
      skipBecause(this, 'the fixture has no Ceph');
    });
    it('would need Ceph', function () {
      throw new Error('a suite skipped from its hook ran a test');
    });
  });
});
