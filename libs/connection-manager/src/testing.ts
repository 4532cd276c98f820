// Test doubles for @streamer/connection-manager. Import from '@streamer/connection-manager/testing' in tests only.
export { FakeGateway } from './testing/fake-gateway';
