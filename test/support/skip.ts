// A test that cannot check what it is about says so: it skips with the reason, and test/support/countingReporter.js
// prints the reason under the skipped test and counts it. Returning early instead would be counted as a pass.

/** Skips the running test (or, from a `before` hook, its suite) and records why. Needs a `function () {}` callback. */
export function skipBecause(ctx: Mocha.Context, reason: string): never {
  const runnable = ctx.test;
  // In a hook the reason belongs to the suite, whose tests mocha then reports as skipped one by one.
  const holder = (runnable as { type?: string } | undefined)?.type === 'hook' ? runnable?.parent : runnable;
  if (holder) Object.assign(holder, { skipReason: reason });
  ctx.skip();
}
