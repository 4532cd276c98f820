import { createInMemoryStores, InMemoryConnectionStore } from '../testing';
import { InMemoryRequestStore } from '../testing/in-memory-request-store';
import { InMemorySubscriptionStore } from '../testing/in-memory-subscription-store';
import { describeConnectionStoreContract } from './connection-store.contract';
import { describeLifecycleContract } from './lifecycle.contract';
import { describeRequestStoreContract } from './request-store.contract';
import { describeSubscriptionStoreContract } from './subscription-store.contract';

describeConnectionStoreContract('in-memory', (clock) => new InMemoryConnectionStore({ clock }));
describeRequestStoreContract('in-memory', (clock) => new InMemoryRequestStore({ clock }));
describeSubscriptionStoreContract('in-memory', (clock) => new InMemorySubscriptionStore({ clock }));
describeLifecycleContract('in-memory', (clock) => createInMemoryStores({ clock }));
