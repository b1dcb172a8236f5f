// Multipart part sizing at S3's limits.
import assert from 'node:assert/strict';
import { GiB, MAX_PARTS, MiB, TiB, partCount, partSizeFor } from '../../src/core/s3Math';

describe('partSizeFor', () => {
  it('uses the preferred size while the file fits in 10,000 parts', () => {
    assert.equal(partSizeFor(0), 8 * MiB);
    assert.equal(partSizeFor(100 * MiB), 8 * MiB);
    assert.equal(partSizeFor(8 * MiB * MAX_PARTS), 8 * MiB, 'exactly 10,000 parts');
    assert.equal(partCount(8 * MiB * MAX_PARTS, 8 * MiB), 10_000);
  });

  it('grows the part size one byte past the 10,000-part limit', () => {
    const size = 8 * MiB * MAX_PARTS + 1;
    const part = partSizeFor(size);
    assert.equal(part, 9 * MiB);
    assert.ok(partCount(size, part) <= MAX_PARTS);
  });

  it('clamps to 5 MiB–5 GiB', () => {
    assert.equal(partSizeFor(10 * MiB, 1 * MiB), 5 * MiB);
    assert.equal(partSizeFor(10 * MiB, 6 * GiB), 5 * GiB);
  });

  it('fits a 5 TiB object in at most 10,000 parts of at most 5 GiB', () => {
    const part = partSizeFor(5 * TiB);
    assert.ok(part <= 5 * GiB && part >= 5 * MiB);
    assert.ok(partCount(5 * TiB, part) <= MAX_PARTS);
    assert.equal(part % MiB, 0, 'whole MiB');
  });

  it('refuses more than 5 TiB and nonsense sizes', () => {
    assert.throws(() => partSizeFor(5 * TiB + 1), (e: unknown) => (e as { kind?: string }).kind === 'validation' && /5 TiB object limit/.test((e as Error).message));
    assert.throws(() => partSizeFor(-1), /whole number/);
    assert.throws(() => partSizeFor(1.5), /whole number/);
  });
});
