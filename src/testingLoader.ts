import type * as testing from './ui/testing';

/**
 * The only door to the testing API. esbuild keeps this `require` of a separate bundle (dist/testing.js, not packaged),
 * so the shipped dist/extension.js holds none of it. It is synchronous because `activate()` returns the API.
 */
export function loadTesting(): typeof testing {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./ui/testing') as typeof testing;
}
