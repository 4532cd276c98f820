// Test wiring: the admin handler over the in-memory stores, FakeGateway and a recording logger, all
// on one settable clock.
import { FakeGateway } from '@streamer/connection-manager/testing';
import { createConnectionManager, createPublisher, isConnectionGone } from '@streamer/connection-manager';
import { RecordingLogger } from '@streamer/kernel/testing';
import type { ConnectionRecord, ConnectionStore, RequestStore, SubscriptionStore, TopicEventStore } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { type AdminHandler, createAdminHandler } from '../app';
import type { AdminDeps } from '../deps';

export const HOUR = 60 * 60 * 1000;
export const START = Date.UTC(2026, 0, 1, 12);

export interface HarnessStores {
  connections: ConnectionStore;
  requests: RequestStore;
  subscriptions: SubscriptionStore;
  events: TopicEventStore;
}

export interface Harness extends HarnessStores {
  handler: AdminHandler;
  gateway: FakeGateway;
  logger: RecordingLogger;
  now(): number;
  advance(ms: number): void;
  /** Stores a CONNECTED connection, last active `idleMs` ago. */
  connect(connectionId: string, fields?: Partial<ConnectionRecord> & { idleMs?: number }): Promise<ConnectionRecord>;
}

export type HarnessOptions = Partial<Omit<AdminDeps, 'connections' | 'requests' | 'subscriptions' | 'publisher' | 'clock'>> & {
  /** Builds the stores on the harness clock instead of fresh in-memory ones (e.g. the DynamoDB stores). */
  stores?: (clock: () => number) => HarnessStores;
  /** Start of the test clock; the DynamoDB tests use the real time so TTLs stay in the future. */
  start?: number;
};

export function createHarness(options: HarnessOptions = {}): Harness {
  let time = options.start ?? START;
  const clock = (): number => time;
  const stores = options.stores ? options.stores(clock) : createInMemoryStores({ clock });
  const gateway = new FakeGateway({ now: clock });
  const logger = new RecordingLogger();
  const { stores: _stores, start: _start, ...overrides } = options;
  // Publishing goes through a real connection manager and publisher over the same fakes.
  const manager = createConnectionManager({ gateway, ...stores, logger, clock: { now: clock }, sleep: async () => undefined });
  const publisher = createPublisher({ manager, events: stores.events, connections: stores.connections, clock: { now: clock } });
  const deps: AdminDeps = {
    ...stores,
    gateway,
    publisher,
    settle: () => manager.flush(),
    isGone: isConnectionGone,
    logger,
    clock: { now: clock },
    staleAfterMs: HOUR,
    ...overrides,
  };
  return {
    ...stores,
    handler: createAdminHandler(deps),
    gateway,
    logger,
    now: clock,
    advance: (ms) => {
      time += ms;
    },
    connect: async (connectionId, { idleMs = 0, ...fields } = {}) => {
      const record: ConnectionRecord = {
        connectionId,
        userId: 'user-1',
        tenantId: 'tenant-1',
        status: 'CONNECTED',
        endpoint: 'https://api.example.test/prod',
        connectedAt: time - idleMs,
        lastActiveAt: time - idleMs,
        ttl: Math.floor(time / 1000) + 24 * 3600,
        ...fields,
      };
      await stores.connections.put(record);
      return record;
    },
  };
}
