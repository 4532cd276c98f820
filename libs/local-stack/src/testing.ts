// Helpers for tests that drive a local stack over real sockets. Tests only.
export { connectClient, tempStateDir, testStackOptions, TableReader, userConnections } from './test-support/stack-helpers';
export { waitFor } from '@streamer/kernel/testing';
