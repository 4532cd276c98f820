import type { Stores } from '../model';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { InMemoryTopicEventStore } from './in-memory-event-store';
import type { InMemoryStoreOptions } from './in-memory-options';
import { InMemoryRequestStore } from './in-memory-request-store';
import { InMemorySubscriptionStore } from './in-memory-subscription-store';

/** The four in-memory stores sharing one clock. */
export interface InMemoryStores extends Stores {
  connections: InMemoryConnectionStore;
  requests: InMemoryRequestStore;
  subscriptions: InMemorySubscriptionStore;
  events: InMemoryTopicEventStore;
}

export function createInMemoryStores(options: InMemoryStoreOptions = {}): InMemoryStores {
  const connections = new InMemoryConnectionStore(options);
  return {
    connections,
    requests: new InMemoryRequestStore(options),
    subscriptions: new InMemorySubscriptionStore(options, connections),
    events: new InMemoryTopicEventStore(options),
  };
}
