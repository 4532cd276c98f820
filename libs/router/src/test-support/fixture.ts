// A router wired to stores (in-memory by default), a recording message sender and logger, and a manual clock.
// Ids are unique per fixture so suites can share one DynamoDB table set.
import { randomUUID } from 'node:crypto';
import type { HandlerRegistry } from '@streamer/handler-api';
import { RecordingLogger } from '@streamer/kernel/testing';
import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import type { ServerMessage } from '@streamer/protocol';
import type { ConnectionRecord, RequestRecord, Stores } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import type { RouterOptions } from '../options';
import { createRouter, type RouteInput, type RouteResult, type Router } from '../router';
import { createTestRegistry } from './test-handlers';

export interface FixtureOptions {
  /** Stores to route against; receives the fixture clock. Default: in-memory. */
  stores?: (clock: () => number) => Stores;
  registry?: Pick<HandlerRegistry, 'get'>;
  router?: Partial<Omit<RouterOptions, 'stores' | 'sender' | 'registry' | 'publisher'>>;
}

export interface Fixture {
  stores: Stores;
  sender: RecordingMessageSender<ServerMessage>;
  publisher: RecordingPublisher;
  logger: RecordingLogger;
  router: Router;
  now(): number;
  advance(ms: number): void;
  uid(prefix: string): string;
  connect(fields?: Partial<ConnectionRecord>): Promise<ConnectionRecord>;
  /** Routes `frame` (objects are JSON-encoded) and returns the reply sent to the caller. */
  send(connectionId: string, frame: unknown, input?: Partial<RouteInput>): Promise<ServerMessage>;
  route(input: RouteInput): Promise<RouteResult>;
  requestsOf(connectionId: string): Promise<RequestRecord[]>;
}

export function createFixture(options: FixtureOptions = {}): Fixture {
  let current = Date.now();
  const clock = () => current;
  const stores = options.stores ? options.stores(clock) : createInMemoryStores({ clock });
  const sender = new RecordingMessageSender<ServerMessage>();
  const publisher = new RecordingPublisher();
  const logger = new RecordingLogger();
  const registry = options.registry ?? createTestRegistry();
  const router = createRouter({ registry, stores, sender, publisher, logger, clock: { now: clock }, ...options.router });
  const run = randomUUID().slice(0, 8);
  const uid = (prefix: string) => `${prefix}-${run}-${randomUUID().slice(0, 8)}`;
  const route = (input: RouteInput) => router.route(input);
  return {
    stores,
    sender,
    publisher,
    logger,
    router,
    now: clock,
    advance: (ms) => {
      current += ms;
    },
    uid,
    connect: (fields = {}) => putConnection(stores, clock(), uid, fields),
    send: async (connectionId, frame, input = {}) => {
      const body = typeof frame === 'string' ? frame : JSON.stringify(frame);
      return (await route({ connectionId, body, ...input })).reply;
    },
    route,
    requestsOf: (connectionId) => collect(stores.requests.byConnection(connectionId)),
  };
}

async function putConnection(
  stores: Stores,
  now: number,
  uid: (prefix: string) => string,
  fields: Partial<ConnectionRecord>,
): Promise<ConnectionRecord> {
  const connection: ConnectionRecord = {
    connectionId: uid('conn'),
    userId: uid('user'),
    tenantId: uid('tenant'),
    status: 'CONNECTED',
    endpoint: 'https://example.execute-api.eu-west-1.amazonaws.com/test',
    connectedAt: now,
    lastActiveAt: now,
    ttl: Math.floor(now / 1000) + 3600,
    ...fields,
  };
  await stores.connections.put(connection);
  return connection;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
