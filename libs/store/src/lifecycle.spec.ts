// Failure handling of ConnectionLifecycle.retire (the contract suite covers the happy paths on both stores).
import { InvalidInputError, StoreUnavailableError } from './errors';
import { ConnectionLifecycle } from './lifecycle';
import { createInMemoryStores } from './testing';

const T0 = Date.UTC(2090, 0, 15, 12, 0, 0);

async function seeded() {
  const stores = createInMemoryStores({ clock: () => T0 });
  await stores.connections.put({
    connectionId: 'c-1',
    userId: 'u-1',
    tenantId: 't-1',
    status: 'CONNECTED',
    endpoint: 'https://example.execute-api.eu-west-1.amazonaws.com/prod',
    connectedAt: T0,
    lastActiveAt: T0,
    ttl: Math.floor(T0 / 1000) + 86_400,
  });
  await stores.subscriptions.add({ tenantId: 't-1', topic: 'news', connectionId: 'c-1', userId: 'u-1' });
  return stores;
}

describe('ConnectionLifecycle.retire when a write fails', () => {
  const down = new StoreUnavailableError('DynamoDB unavailable');

  it('still drops the subscriptions when marking fails, then rethrows the marking error', async () => {
    const stores = await seeded();
    const connections = { ...stores.connections, markDisconnected: () => Promise.reject(down), touch: stores.connections.touch };
    await expect(new ConnectionLifecycle({ connections, subscriptions: stores.subscriptions }).retire('c-1', { at: T0 })).rejects.toBe(down);
    expect(await stores.subscriptions.removeAllForConnection('c-1')).toBe(0);
  });

  it('still marks the connection when dropping subscriptions fails, then rethrows that error', async () => {
    const stores = await seeded();
    const subscriptions = { removeTopics: () => Promise.reject(down), removeAllForConnection: () => Promise.reject(down) };
    await expect(new ConnectionLifecycle({ connections: stores.connections, subscriptions }).retire('c-1', { at: T0 })).rejects.toBe(down);
    expect((await stores.connections.get('c-1'))?.status).toBe('DISCONNECTED');
  });

  it('reports both failures together when both writes fail', async () => {
    const connections = { markDisconnected: () => Promise.reject(down), touch: () => Promise.resolve() };
    const subscriptions = { removeTopics: () => Promise.reject(down), removeAllForConnection: () => Promise.reject(down) };
    const failure = new ConnectionLifecycle({ connections, subscriptions }).retire('c-1', { at: T0 });
    await expect(failure).rejects.toBeInstanceOf(AggregateError);
    await expect(failure).rejects.toMatchObject({ errors: [down, down], message: 'Could not retire connection c-1' });
  });

  it('leaves the subscriptions alone when a conditional retire fails to mark', async () => {
    const stores = await seeded();
    const connections = { markDisconnected: () => Promise.reject(down), touch: () => Promise.resolve() };
    const lifecycle = new ConnectionLifecycle({ connections, subscriptions: stores.subscriptions });
    await expect(lifecycle.retire('c-1', { at: T0, ifInactiveSince: T0 + 1 })).rejects.toBe(down);
    expect(await stores.subscriptions.removeAllForConnection('c-1')).toBe(1);
  });

  it('refuses an audit TTL that is not a whole number of seconds ≥ 1', () => {
    const stores = createInMemoryStores();
    for (const disconnectedTtlSeconds of [0, 1.5, -60, Number.NaN]) {
      expect(() => new ConnectionLifecycle(stores, { disconnectedTtlSeconds })).toThrow(InvalidInputError);
    }
  });
});
