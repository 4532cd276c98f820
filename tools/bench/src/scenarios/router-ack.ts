// 6a. Router ack at handler level: the router's Lambda bundle (its own process) takes an async request
// (generate_report over the sync limit) on the embedded DynamoDB and posts the ack through the signed
// gateway adapter to a loopback management API that answers at once. Baseline: the store calls the
// router makes for it, back to back from the benchmark process, on the same DynamoDB.
import { DEFAULT_RATE_LIMIT } from '@streamer/router';
import type { ConnectionRecord } from '@streamer/store';
import { createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import { LatencyHistogram } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, sized } from '../core/scenario';
import { silentLogger } from '@streamer/kernel';
import { startStubManagementApi } from '../drivers/stub-management-api';
import { messageEvent } from '../lambda/events';
import { assertOutcomes, type LambdaChild, startLambdaChild } from '../lambda/lambda-child';

const SIZES = { quick: { requests: 40, block: 20, warmup: 5 }, full: { requests: 500, block: 100, warmup: 100 } };
/** Requests per connection, under the default token bucket's burst (40). */
const PER_CONNECTION = 20;
const TENANT = 'bench-router';

export interface RouterAckFigures {
  figures: Figure[];
  params: Record<string, number>;
}

export async function measureRouterAck(ctx: BenchContext): Promise<RouterAckFigures> {
  const sizes = sized(ctx, SIZES);
  const dynamo = await ctx.resources.dynamo();
  const stores = createDynamoStores({ clientConfig: localClientConfig(dynamo.endpoint), tables: dynamo.tables, logger: silentLogger });
  const stub = ctx.resources.track(await startStubManagementApi('bench'));
  const total = 1 + sizes.warmup + sizes.requests;
  await putConnections(stores, 'rt', Math.ceil(total / PER_CONNECTION));
  await putConnections(stores, 'base', Math.ceil(total / PER_CONNECTION));
  const bundle = await ctx.resources.bundle('router');
  const child = await startLambdaChild(ctx.root, bundle.file, { ...dynamo.env, WEBSOCKET_ENDPOINT: stub.endpoint });
  try {
    const handler = new LatencyHistogram();
    const baseline = new LatencyHistogram();
    const first = await invoke(child, [0]);
    await invoke(child, range(1, sizes.warmup));
    for (let done = 0; done < sizes.requests; done += sizes.block) {
      const numbers = range(1 + sizes.warmup + done, sizes.block);
      (await invoke(child, numbers)).forEach((ms) => handler.record(ms));
      await timeStoreCalls(stores, numbers, baseline);
    }
    const acks = stub.posted.get('ack') ?? 0;
    if (acks !== total) throw new Error(`router posted ${acks} acks for ${total} async requests (${JSON.stringify(Object.fromEntries(stub.posted))})`);
    return { figures: ackFigures(handler, baseline, first[0] as number), params: { ackRequests: sizes.requests, ackWarmup: sizes.warmup } };
  } finally {
    await child.stop();
    stores.client.destroy();
  }
}

async function invoke(child: LambdaChild, numbers: number[]): Promise<number[]> {
  const report = await child.invoke(numbers.map((n) => messageEvent(connectionOf(n), requestBody(n))));
  assertOutcomes(report, ['200'], 'router');
  return report.durationsMs;
}

function requestBody(n: number): string {
  return JSON.stringify({ id: `c-${n}`, action: 'generate_report', payload: { recordCount: 5000 } });
}

function connectionOf(n: number): string {
  return `rt-${Math.floor(n / PER_CONNECTION)}`;
}

async function putConnections(stores: DynamoStores, prefix: string, count: number): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const record: ConnectionRecord = { connectionId: `${prefix}-${i}`, userId: `u-${i}`, tenantId: TENANT, status: 'CONNECTED', endpoint: 'https://bench', connectedAt: now, lastActiveAt: now, ttl: Math.floor(now / 1000) + 86_400 };
    await stores.connections.put(record);
  }
}

/**
 * What the router asks of the store for one async request, in its order: read the connection, take a
 * rate token, create the request (idempotency transaction), and — on a connection's first request,
 * before the status cache knows it — the connection manager's status read before it posts the ack.
 */
async function timeStoreCalls(stores: DynamoStores, numbers: number[], into: LatencyHistogram): Promise<void> {
  for (const n of numbers) {
    const connectionId = `base-${Math.floor(n / PER_CONNECTION)}`;
    const started = performance.now();
    await stores.connections.get(connectionId);
    await stores.connections.takeToken(connectionId, DEFAULT_RATE_LIMIT, Date.now());
    await stores.requests.create({ requestId: `base-${n}`, connectionId, userId: 'u-base', tenantId: TENANT, clientId: `b-${n}`, action: 'generate_report', payload: { recordCount: 5000 } });
    if (n % PER_CONNECTION === 0) await stores.connections.get(connectionId);
    into.record(performance.now() - started);
  }
}

function ackFigures(handler: LatencyHistogram, baseline: LatencyHistogram, firstMs: number): Figure[] {
  const h = handler.summary();
  const b = baseline.summary();
  const baseP50 = figure('router.store-calls.p50', 'its store calls back to back (get, token, create; status get once per connection) p50', b.p50Ms, 'ms');
  const baseP99 = figure('router.store-calls.p99', 'its store calls back to back p99', b.p99Ms, 'ms');
  return [
    figure('router.ack.p50', 'async ack (router handler) p50', h.p50Ms, 'ms', baseP50),
    figure('router.ack.p99', 'async ack (router handler) p99', h.p99Ms, 'ms', baseP99),
    figure('router.first', 'router first invocation', firstMs, 'ms'),
    baseP50,
    baseP99,
  ];
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
