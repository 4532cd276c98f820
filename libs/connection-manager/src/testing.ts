// Test doubles for @streamer/connection-manager. Import from '@streamer/connection-manager/testing' in tests only.
export { FakeGateway } from './testing/fake-gateway';
export type { FakeGatewayOptions, FakeOutcome, RecordedCall } from './testing/fake-gateway';
export { createTestConnectionManager } from './testing/test-manager';
export type { TestConnectionManager, TestConnectionManagerOptions } from './testing/test-manager';
