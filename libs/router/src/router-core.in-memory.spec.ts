import { createInMemoryStores } from '@streamer/store/testing';
import { describeRouterCore } from './test-support/router-core-suite';

describeRouterCore('in-memory stores', () => (clock) => createInMemoryStores({ clock }));
