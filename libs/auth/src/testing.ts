// Test helpers for @streamer/auth. Import from '@streamer/auth/testing' in tests only.
export { generateKeyPairPem } from './testing/key-pair';
export type { TestAlgorithm, TestKeyPair } from './testing/key-pair';
export { createTestIssuer } from './testing/test-issuer';
export type { MintOptions, TestClaims, TestIssuer, TestIssuerOptions } from './testing/test-issuer';
export { createCapturedLogger } from './testing/captured-logger';
export type { CapturedLine, CapturedLogger, LogLevel } from './testing/captured-logger';
export { startJwksServer } from './testing/jwks-server';
export type { JwksServer } from './testing/jwks-server';
export { leakedFragments, tokenFragments } from './testing/token-leaks';
