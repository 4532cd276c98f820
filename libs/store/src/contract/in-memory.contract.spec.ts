import { createInMemoryStores, InMemoryConnectionStore, InMemoryRequestStore, InMemorySubscriptionStore } from '../testing';
import { describeConnectionStoreContract } from './connection-store.contract';
import { describeLifecycleContract } from './lifecycle.contract';
import { describeRequestStoreContract } from './request-store.contract';
import { describeSubscriptionStoreContract } from './subscription-store.contract';

describeConnectionStoreContract('in-memory', (clock) => new InMemoryConnectionStore({ clock }));
describeRequestStoreContract('in-memory', (clock) => new InMemoryRequestStore({ clock }));
describeSubscriptionStoreContract('in-memory', (clock) => new InMemorySubscriptionStore({ clock }));
describeLifecycleContract('in-memory', (clock) => createInMemoryStores({ clock }));
