// Test doubles for @streamer/store. Import from '@streamer/store/testing' in tests only.
export { createInMemoryStores } from './testing/create-in-memory-stores';
export type { InMemoryStores } from './testing/create-in-memory-stores';
export { InMemoryConnectionStore } from './testing/in-memory-connection-store';
export type { InMemoryStoreOptions } from './testing/in-memory-options';
export { InMemoryRequestStore } from './testing/in-memory-request-store';
export { InMemorySubscriptionStore } from './testing/in-memory-subscription-store';
