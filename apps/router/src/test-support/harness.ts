// The router app over the real example registry, in-memory stores and a FakeGateway recording posts.
import { FakeGateway } from '@streamer/connection-manager/testing';
import { createRegistry } from '@streamer/handlers';
import type { ConnectionRecord } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { RecordingLogger, RecordingMetrics } from '@streamer/kernel/testing';
import { createRouterHandler, type RouterAppDeps } from '../app';
import { messageEvent } from './events';

export function createHarness(overrides: Pick<RouterAppDeps, 'router'> = {}) {
  let now = Date.now();
  const clock = () => now;
  const stores = createInMemoryStores({ clock });
  const gateway = new FakeGateway({ now: clock });
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const correlated: Array<Record<string, string | null | undefined>> = [];
  const handle = createRouterHandler({
    metrics,
    correlate: (fields) => correlated.push(fields),
    registry: createRegistry({ reportStepMs: 1 }),
    stores,
    gateway,
    logger,
    router: { clock: { now: clock }, ...overrides.router },
    manager: { sleep: async () => undefined, clock: { now: clock } },
  });
  const connect = (connectionId: string, fields: Partial<ConnectionRecord> = {}) =>
    stores.connections.put({
      connectionId,
      userId: 'user-1',
      tenantId: 'tenant-1',
      status: 'CONNECTED',
      endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      connectedAt: now,
      lastActiveAt: now,
      ttl: Math.floor(now / 1000) + 3600,
      ...fields,
    });
  const send = (connectionId: string, frame: unknown) =>
    handle(messageEvent(connectionId, typeof frame === 'string' ? frame : JSON.stringify(frame)), {
      getRemainingTimeInMillis: () => 29_000,
    });
  return { handle, stores, gateway, lines: logger.lines, metrics, correlated, connect, send, advance: (ms: number) => (now += ms) };
}
