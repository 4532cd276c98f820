import { ManualClock, RecordingLogger, RecordingMetrics } from '@streamer/kernel/testing';
import { ConnectionLifecycle, StoreUnavailableError } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import { createDisconnectHandler } from './app';
import { disconnectEvent } from './test-support/events';

const NOW = 1_795_000_060_000;
const HOUR_MS = 3_600_000;

function recordingLogger() {
  const logger = new RecordingLogger();
  return { logger, lines: logger.lines };
}

async function seed(stores: InMemoryStores, connectionId: string): Promise<void> {
  await stores.connections.put({
    connectionId,
    userId: 'u-1',
    tenantId: 't-1',
    status: 'CONNECTED',
    endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    connectedAt: NOW - HOUR_MS,
    lastActiveAt: NOW - 1000,
    ttl: Math.floor(NOW / 1000) + 86_400,
  });
  await stores.subscriptions.add({ tenantId: 't-1', topic: 'news', connectionId, userId: 'u-1' });
  await stores.subscriptions.add({ tenantId: 't-1', topic: 'reports', connectionId, userId: 'u-1' });
  await stores.subscriptions.add({ tenantId: 't-1', topic: 'news', connectionId: 'someone-else', userId: 'u-2' });
}

async function members(stores: InMemoryStores, topic: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of stores.subscriptions.byTopic('t-1', topic)) ids.push(s.connectionId);
  return ids;
}

describe('$disconnect handler', () => {
  function setup(stores: InMemoryStores = createInMemoryStores({ clock: () => NOW })) {
    const { logger, lines } = recordingLogger();
    const metrics = new RecordingMetrics();
    const handle = createDisconnectHandler({ lifecycle: new ConnectionLifecycle(stores), logger, metrics, clock: new ManualClock(NOW) });
    return { handle, stores, lines, metrics };
  }

  it('marks the connection disconnected with the audit TTL and drops only its subscriptions', async () => {
    const { handle, stores } = setup();
    await seed(stores, 'c-1');
    expect(await handle(disconnectEvent('c-1'))).toEqual({ statusCode: 200 });
    expect(await stores.connections.get('c-1')).toMatchObject({
      status: 'DISCONNECTED',
      disconnectedAt: NOW,
      ttl: Math.floor((NOW + HOUR_MS) / 1000),
    });
    expect(await members(stores, 'news')).toEqual(['someone-else']);
    expect(await members(stores, 'reports')).toEqual([]);
  });

  it('counts disconnects and logs one outcome line with the tenant and the duration', async () => {
    const { handle, stores, lines, metrics } = setup();
    await seed(stores, 'c-1');
    await handle(disconnectEvent('c-1'));
    await handle(disconnectEvent('never-seen'));
    expect(metrics.total('Disconnects', { known: 'true' })).toBe(1);
    expect(metrics.total('Disconnects', { known: 'false' })).toBe(1);
    const closed = lines.filter((l) => l.message === 'disconnect: connection closed');
    expect(closed[0]?.extra[0]).toMatchObject({ connectionId: 'c-1', action: '$disconnect', tenantId: 't-1', durationMs: 0 });
  });

  it('is idempotent: a second disconnect and an unknown id both answer 200 and change nothing more', async () => {
    const { handle, stores, lines } = setup();
    await seed(stores, 'c-1');
    await handle(disconnectEvent('c-1'));
    const after = await stores.connections.get('c-1');
    expect(await handle(disconnectEvent('c-1'))).toEqual({ statusCode: 200 });
    expect(await stores.connections.get('c-1')).toEqual(after);
    expect(await handle(disconnectEvent('never-seen'))).toEqual({ statusCode: 200 });
    expect(await stores.connections.get('never-seen')).toBeUndefined();
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('still answers 200, drops subscriptions and logs when marking fails', async () => {
    const base = createInMemoryStores({ clock: () => NOW });
    await seed(base, 'c-1');
    const broken = new StoreUnavailableError('DynamoDB unavailable');
    const connections = { ...base.connections, markDisconnected: () => Promise.reject(broken), touch: base.connections.touch };
    const { logger, lines } = recordingLogger();
    const lifecycle = new ConnectionLifecycle({ connections, subscriptions: base.subscriptions });
    const handle = createDisconnectHandler({ lifecycle, logger });
    expect(await handle(disconnectEvent('c-1'))).toEqual({ statusCode: 200 });
    expect(await members(base, 'reports')).toEqual([]);
    expect(lines.filter((l) => l.level === 'error').map((l) => [l.message, l.extra[0]])).toEqual([
      ['disconnect: could not retire the connection', expect.objectContaining({ connectionId: 'c-1', error: broken })],
    ]);
  });

  it('still answers 200 and marks the connection when dropping subscriptions fails', async () => {
    const base = createInMemoryStores({ clock: () => NOW });
    await seed(base, 'c-1');
    const down = new StoreUnavailableError('down');
    const subscriptions = { removeTopics: () => Promise.reject(down), removeAllForConnection: () => Promise.reject(down) };
    const { logger, lines } = recordingLogger();
    const handle = createDisconnectHandler({ lifecycle: new ConnectionLifecycle({ connections: base.connections, subscriptions }), logger });
    expect(await handle(disconnectEvent('c-1'))).toEqual({ statusCode: 200 });
    expect((await base.connections.get('c-1'))?.status).toBe('DISCONNECTED');
    expect(lines.filter((l) => l.level === 'error').map((l) => [l.message, l.extra[0]])).toEqual([
      ['disconnect: could not retire the connection', expect.objectContaining({ connectionId: 'c-1', error: down })],
    ]);
  });
});
