// The processor app on fakes: in-memory stores, a FakeGateway recording posts, a fake retry queue and
// the example handlers with short steps.
import { FakeGateway } from '@streamer/connection-manager/testing';
import { createRegistry } from '@streamer/handlers';
import { silentLogger, systemClock } from '@streamer/kernel';
import { FakeRetryQueue, streamInsertEvent } from '@streamer/processor/testing';
import type { RequestRecord } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import type { Context } from 'aws-lambda';
import { createProcessorHandler, type ProcessorHandler, type ProcessorSettings } from '../app';

export interface AppHarness {
  stores: InMemoryStores;
  gateway: FakeGateway;
  retryQueue: FakeRetryQueue;
  handler: ProcessorHandler;
  /** Stores a CONNECTED connection and a queued request on it, as $connect and the router would. */
  queue(action: string, payload: Record<string, unknown>, clientId?: string): Promise<RequestRecord>;
  insertEvent(...records: RequestRecord[]): ReturnType<typeof streamInsertEvent>;
}

/** A Lambda context whose remaining time counts down on the (fake) clock. */
export function lambdaContext(remainingMs = 60_000): Pick<Context, 'getRemainingTimeInMillis'> {
  const end = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}

export function createAppHarness(settings: ProcessorSettings = {}, reportStepMs = 20): AppHarness {
  const stores = createInMemoryStores({ clock: () => Date.now() });
  const gateway = new FakeGateway();
  const retryQueue = new FakeRetryQueue();
  const handler = createProcessorHandler({
    registry: createRegistry({ reportStepMs }),
    stores,
    gateway,
    retryQueue,
    settings: { cancelPollMs: 0, ...settings },
    logger: silentLogger,
    clock: systemClock,
  });
  let next = 0;
  return {
    stores,
    gateway,
    retryQueue,
    handler,
    async queue(action, payload, clientId) {
      next += 1;
      const now = Date.now();
      await stores.connections.put({
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        status: 'CONNECTED',
        endpoint: 'https://api.example.com/prod',
        connectedAt: now,
        lastActiveAt: now,
        ttl: Math.floor(now / 1000) + 3600,
      });
      const created = await stores.requests.create({
        requestId: `req-${next}`,
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        clientId: clientId ?? `c-${next}`,
        action,
        payload,
      });
      return created.request;
    },
    insertEvent: (...records) => streamInsertEvent(records),
  };
}
