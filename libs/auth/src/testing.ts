// Test helpers for @streamer/auth. Import from '@streamer/auth/testing' in tests only.
export { createCapturedLogger } from './testing/captured-logger';
export { createTestIssuer } from './testing/test-issuer';
export type { TestIssuer } from './testing/test-issuer';
export { leakedFragments } from './testing/token-leaks';
