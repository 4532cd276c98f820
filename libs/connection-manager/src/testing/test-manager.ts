// A real ConnectionManager over FakeGateway and the store's in-memory fakes, for tests of code that
// sends (router, processor): retries without waiting, a silent logger, everything inspectable.
import type { ConnectionRecord } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import { silentLogger } from '@streamer/kernel';
import { type ConnectionManager, createConnectionManager } from '../manager';
import type { ConnectionManagerOptions } from '../options';
import { FakeGateway } from './fake-gateway';

export interface TestConnectionManager {
  manager: ConnectionManager;
  gateway: FakeGateway;
  stores: InMemoryStores;
  /** Stores a CONNECTED connection (tenant-1 / user-1 unless overridden). */
  connect(connectionId: string, overrides?: Partial<ConnectionRecord>): Promise<void>;
}

export type TestConnectionManagerOptions = Partial<Omit<ConnectionManagerOptions, 'gateway' | 'connections' | 'subscriptions'>> & {
  gateway?: FakeGateway;
  stores?: InMemoryStores;
};

export function createTestConnectionManager(options: TestConnectionManagerOptions = {}): TestConnectionManager {
  const { gateway = new FakeGateway(), stores = createInMemoryStores(), ...rest } = options;
  const manager = createConnectionManager({
    gateway,
    connections: stores.connections,
    subscriptions: stores.subscriptions,
    logger: silentLogger,
    sleep: async () => undefined,
    ...rest,
  });
  const connect = (connectionId: string, overrides: Partial<ConnectionRecord> = {}) =>
    stores.connections.put({
      connectionId,
      userId: 'user-1',
      tenantId: 'tenant-1',
      status: 'CONNECTED',
      endpoint: 'https://local.test/dev',
      connectedAt: 0,
      lastActiveAt: 0,
      ttl: 4_102_444_800,
      ...overrides,
    });
  return { manager, gateway, stores, connect };
}
