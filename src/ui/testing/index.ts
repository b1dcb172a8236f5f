// The test-only entry: esbuild builds it into dist/testing.js, which the .vsix does not ship. extension.ts reaches it
// only through src/testingLoader.ts and only when the extension host runs with ROLE_CHAINS_TESTING=1.
export { createTestingApi } from './testingApi';
export type { RoleChainsTestingApi, TestingApiDeps } from './testingApi';
