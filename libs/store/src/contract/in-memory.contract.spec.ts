import { createInMemoryStores, InMemoryConnectionStore } from '../testing';
import { InMemoryRequestStore } from '../testing/in-memory-request-store';
import { InMemoryTopicEventStore } from '../testing/in-memory-event-store';
import { InMemorySubscriptionStore } from '../testing/in-memory-subscription-store';
import { describeConnectionStoreContract } from './connection-store.contract';
import { describeLifecycleContract } from './lifecycle.contract';
import { describeLongJobContract } from './long-jobs.contract';
import { describeQuotaStoreContract } from './quota-store.contract';
import { describeRequestStoreContract } from './request-store.contract';
import { describeSubscriptionStoreContract } from './subscription-store.contract';
import { describeTopicEventStoreContract } from './topic-event-store.contract';

describeConnectionStoreContract('in-memory', (clock) => new InMemoryConnectionStore({ clock }));
describeRequestStoreContract('in-memory', (clock) => new InMemoryRequestStore({ clock }));
describeLongJobContract('in-memory', (clock) => new InMemoryRequestStore({ clock }));
describeSubscriptionStoreContract('in-memory', (clock) => new InMemorySubscriptionStore({ clock }));
describeLifecycleContract('in-memory', (clock) => createInMemoryStores({ clock }));
describeTopicEventStoreContract('in-memory', (clock) => new InMemoryTopicEventStore({ clock }));
describeQuotaStoreContract('in-memory', (clock) => {
  const stores = createInMemoryStores({ clock });
  return { ...stores, environment: () => stores.quotas.environment(), rateWrites: () => stores.quotas.rateWrites };
});
