// Test doubles for @streamer/client. Import from '@streamer/client/testing' in tests only.
export { FakeServer } from './testing/fake-server';
export type { FakeServerOptions, FakeMessageHandler, FakeHandshake } from './testing/fake-server';
export { FakeConnection } from './testing/fake-connection';
export { FakeWebSocket } from './testing/fake-websocket';
export type { FakePeer } from './testing/fake-websocket';
