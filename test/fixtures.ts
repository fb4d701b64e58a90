// Moved to test/support/fixtures.ts. This re-export stays only while test/sandbox/quirks.test.ts
// (moved separately) still imports '../fixtures.js'; delete it once that import points at support/.
export * from './support/fixtures.js'
