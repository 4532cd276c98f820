// Helpers for tests that drive a local stack over real sockets. Tests only.
export { connectClient, tempStateDir, TableReader, userConnections } from './test-support/stack-helpers';
export type { StoredConnection } from './test-support/stack-helpers';
export { openSocket, refusedStatus } from './test-support/sockets';
export type { Frame, TestSocket } from './test-support/sockets';
export { waitFor } from '@streamer/kernel/testing';
