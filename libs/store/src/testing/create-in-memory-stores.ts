import type { Stores } from '../model';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { InMemoryTopicEventStore } from './in-memory-event-store';
import type { InMemoryStoreOptions } from './in-memory-options';
import { InMemoryQuotaStore } from './in-memory-quota-store';
import { InMemoryRequestStore } from './in-memory-request-store';
import { InMemorySubscriptionStore } from './in-memory-subscription-store';

/** The four in-memory stores sharing one clock, and the quotas over them. */
export interface InMemoryStores extends Stores {
  connections: InMemoryConnectionStore;
  requests: InMemoryRequestStore;
  subscriptions: InMemorySubscriptionStore;
  events: InMemoryTopicEventStore;
  quotas: InMemoryQuotaStore;
}

export function createInMemoryStores(options: InMemoryStoreOptions = {}): InMemoryStores {
  const connections = new InMemoryConnectionStore(options);
  const requests = new InMemoryRequestStore(options);
  return {
    connections,
    requests,
    subscriptions: new InMemorySubscriptionStore(options, connections),
    events: new InMemoryTopicEventStore(options),
    quotas: new InMemoryQuotaStore(connections, requests, options),
  };
}
