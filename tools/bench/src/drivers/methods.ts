// The ways a frame reaches a fleet, each built once per fleet and reused across rounds (as a warm
// Lambda would): the plain POST ceilings (unsigned, SigV4-signed, SDK client), ours (the connection
// manager's broadcast over the lean gateway), ours to a topic's subscribers with and without
// history (seq and retention), and the naive AWS-sample broadcast.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BroadcastPartialFailureError,
  type BroadcastResult,
  type BroadcastTarget,
  type ConnectionManagerMetrics,
  type ConnectionManagerOptions,
  createConnectionManager,
  createPublisher,
} from '@streamer/connection-manager';
import { createGateway } from '@streamer/connection-manager/gateway';
import type { ConnectionStore } from '@streamer/store';
import { InMemoryConnectionStore } from '@streamer/store/testing';
import { silentLogger } from '@streamer/kernel';
import { benchFrame, frameBytes } from '../fleet/frames';
import type { FleetGroup, StackSession } from '../stack/stack-session';
import { naiveBroadcast } from './naive-broadcast';
import { type ClosablePoster, LOCAL_CREDENTIALS, LOCAL_REGION, plainPoster, postAll, sdkPoster } from './posters';

/** Deliveries in flight at once, for every method that has such a bound (SPEC: broadcast default 50). */
export const CONCURRENCY = 50;

export type MethodKey = 'unsigned' | 'signed' | 'sdk' | 'ours' | 'ours-ids' | 'topic' | 'publish' | 'naive';

/** The topic every fleet socket is subscribed to for the `topic` and `publish` methods (see frames.ts). */
export const BENCH_TOPIC = 'bench';

export interface Delivered {
  sent: number;
  gone: number;
  failed: number;
}

export interface DeliveryMethod {
  key: MethodKey;
  label: string;
  deliver(round: number): Promise<Delivered>;
  /** Waits (untimed) until background work a delivery left behind is done, so the next round starts quiet. */
  settle(): Promise<void>;
  /** Counters worth reporting (ours: background touches and cleanups). */
  counters(): Record<string, number>;
  close(): Promise<void>;
}

export const METHOD_LABELS: Readonly<Record<MethodKey, string>> = {
  unsigned: 'plain keep-alive POST, unsigned',
  signed: 'plain keep-alive POST, SigV4-signed (ceiling)',
  sdk: 'SDK PostToConnectionCommand loop',
  ours: 'ours: ConnectionManager.broadcast({tenantId})',
  'ours-ids': 'ours: ConnectionManager.broadcast(ids), connections read from memory',
  topic: 'ours: ConnectionManager.broadcast({tenantId, topic}), no history',
  publish: 'ours: publish({topic}): seq and stored event (TransactWriteItems), then broadcast({tenantId, topic})',
  naive: 'naive: Scan + Promise.all(SDK PostToConnection)',
};

export function createMethod(key: MethodKey, session: StackSession, group: FleetGroup): DeliveryMethod {
  switch (key) {
    case 'unsigned':
      return posterMethod(key, group, plainPoster(session.info.managementEndpoint, CONCURRENCY, false));
    case 'signed':
      return posterMethod(key, group, plainPoster(session.info.managementEndpoint, CONCURRENCY, true));
    case 'sdk':
      return posterMethod(key, group, sdkPoster(session.info.managementEndpoint));
    case 'ours':
      return oursMethod(session, { tenantId: group.tenant }, 'ours', session.stores.connections);
    case 'ours-ids':
      return oursMethod(session, group.ids, 'ours-ids', inMemoryCopy(group));
    case 'topic':
      return oursMethod(session, { tenantId: group.tenant, topic: BENCH_TOPIC }, 'topic', session.stores.connections);
    case 'publish':
      return oursMethod(session, { tenantId: group.tenant, topic: BENCH_TOPIC }, 'publish', session.stores.connections, {}, true);
    case 'naive':
      return naiveMethod(session, group);
  }
}

function posterMethod(key: MethodKey, group: FleetGroup, poster: ClosablePoster): DeliveryMethod {
  return {
    key,
    label: METHOD_LABELS[key],
    deliver: async (round) => {
      const tally = await postAll(group.ids, frameBytes(round), poster.post, CONCURRENCY);
      return { sent: tally.ok, gone: tally.statuses[410] ?? 0, failed: tally.failed - (tally.statuses[410] ?? 0) };
    },
    settle: () => Promise.resolve(),
    counters: () => ({}),
    close: () => Promise.resolve(poster.close()),
  };
}

/**
 * Ours as an application builds it (default options unless `options` says otherwise), posting through
 * the lean signed gateway to the stack's management API. With `publish`, through the publisher the
 * apps use: the event is appended to the topic's history first (its seq), then broadcast.
 */
function oursMethod(
  session: StackSession,
  target: BroadcastTarget,
  key: MethodKey,
  connections: ConnectionStore,
  options: Partial<ConnectionManagerOptions> = {},
  publish = false,
): DeliveryMethod {
  const { info, stores } = session;
  const gateway = createGateway({ kind: 'lean', endpoint: info.managementEndpoint, region: info.region, credentials: LOCAL_CREDENTIALS });
  const manager = createConnectionManager({
    gateway,
    connections,
    subscriptions: stores.subscriptions,
    logger: silentLogger,
    broadcastConcurrency: CONCURRENCY,
    ...options,
  });
  const publisher = createPublisher({ manager, events: stores.events, connections });
  return {
    key,
    label: METHOD_LABELS[key],
    deliver: async (round) => {
      if (publish && 'topic' in target) {
        const published = await publisher.publish(target.tenantId, { topic: target.topic }, benchFrame(round).data);
        return { sent: published.sent, gone: published.gone, failed: published.failed };
      }
      const result = await manager.broadcast(target, benchFrame(round)).catch(partialResult);
      return { sent: result.sent, gone: result.gone, failed: result.failedCount };
    },
    settle: async () => {
      for (let i = 0; i < 600 && backgroundPending(manager.getMetrics()) > 0; i++) await sleep(50);
    },
    counters: () => {
      const m = manager.getMetrics();
      return { touchesWritten: m.background.touchesWritten, touchesDropped: m.background.touchesDropped, cleanups: m.background.cleanupsStarted, retries: m.retries };
    },
    close: async () => {
      await manager.shutdown({ timeoutMs: 10_000 });
      gateway.close();
    },
  };
}

/** The fleet's connections in an in-memory store, so a broadcast to its ids reads no DynamoDB. */
function inMemoryCopy(group: FleetGroup): ConnectionStore {
  const store = new InMemoryConnectionStore();
  const now = Date.now();
  for (const connectionId of group.ids) {
    void store.put({ connectionId, userId: 'u', tenantId: group.tenant, status: 'CONNECTED', endpoint: 'local', connectedAt: now, lastActiveAt: now, ttl: 0 });
  }
  return store;
}

function backgroundPending(m: ConnectionManagerMetrics): number {
  return m.background.touchesPending + m.background.cleanupsPending;
}

function partialResult(error: unknown): BroadcastResult {
  if (error instanceof BroadcastPartialFailureError) return error.result;
  throw error;
}

function naiveMethod(session: StackSession, group: FleetGroup): DeliveryMethod {
  // The sample's client: default retries and handler (keep-alive, 50 sockets); only its socket-capacity
  // warnings are silenced.
  const client = new ApiGatewayManagementApiClient({
    endpoint: session.info.managementEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ logger: silentLogger }),
  });
  return {
    key: 'naive',
    label: METHOD_LABELS.naive,
    deliver: (round) => naiveBroadcast(session.stores.client, session.info.tables.connections, group.tenant, client, frameBytes(round)),
    settle: () => Promise.resolve(),
    counters: () => ({}),
    close: () => Promise.resolve(client.destroy()),
  };
}
