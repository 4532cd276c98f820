// `@streamer/store/testing`: in-memory fakes of the store's ports. Import in tests only.
export { createInMemoryStores } from './testing/create-in-memory-stores';
export type { InMemoryStores } from './testing/create-in-memory-stores';
export { InMemoryConnectionStore } from './testing/in-memory-connection-store';
export { sharedDynamoDbEndpoint, testTableNames } from './local/shared-dynamodb-local';
