// Builds a manager over FakeGateway and the store's in-memory fakes, with a recording logger.
import type { ConnectionRecord } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import { type ConnectionManager, createConnectionManager, type ConnectionManagerOptions } from '../index';
import { FakeGateway } from '../testing';
import type { FakeGatewayOptions } from '../testing/fake-gateway';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export function recordingLogger() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: unknown, ...extra: unknown[]) => {
    entries.push({ level, message: String(message), fields: Object.assign({}, ...extra.filter((e) => typeof e === 'object')) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function connectionRecord(connectionId: string, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    connectionId,
    userId: 'user-1',
    tenantId: 'tenant-1',
    status: 'CONNECTED',
    endpoint: 'https://example.execute-api.eu-west-1.amazonaws.com/prod',
    connectedAt: 1_000,
    lastActiveAt: 1_000,
    ttl: 9_999_999_999,
    ...overrides,
  };
}

export interface Setup {
  manager: ConnectionManager;
  gateway: FakeGateway;
  stores: InMemoryStores;
  logger: ReturnType<typeof recordingLogger>;
  connect(connectionId: string, overrides?: Partial<ConnectionRecord>): Promise<void>;
}

export type SetupOptions = Partial<Omit<ConnectionManagerOptions, 'gateway' | 'connections' | 'subscriptions'>> & {
  fake?: FakeGatewayOptions;
};

export function setup(options: SetupOptions = {}): Setup {
  const { fake, ...managerOptions } = options;
  const stores = createInMemoryStores();
  const gateway = new FakeGateway(fake);
  const logger = recordingLogger();
  const manager = createConnectionManager({
    gateway,
    connections: stores.connections,
    subscriptions: stores.subscriptions,
    logger,
    ...managerOptions,
  });
  const connect = (connectionId: string, overrides?: Partial<ConnectionRecord>) =>
    stores.connections.put(connectionRecord(connectionId, overrides));
  return { manager, gateway, stores, logger, connect };
}

/** Sleep that records the delays and returns at once. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    delays.push(ms);
  };
  return { delays, sleep };
}

/** Lets queued promise callbacks (background touches, cleanups) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
