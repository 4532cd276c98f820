// 6a. Router ack at handler level: the router's Lambda bundle (its own process) takes an async request
// (generate_report over the sync limit) on the embedded DynamoDB and posts the ack through the signed
// gateway adapter to a loopback management API that answers at once. Baseline: the store calls the
// router makes for it, back to back from the benchmark process, on the same DynamoDB. Then the same
// process answers sync frames (`ping`) on fresh connections. Its DynamoDB calls are counted per
// invocation (round trips, write units, the handler's own time), and again in a second router process
// with every quota off.
import { DEFAULT_RATE_LIMIT } from '@streamer/router';
import type { ConnectionRecord } from '@streamer/store';
import { createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import { LatencyHistogram } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, sized } from '../core/scenario';
import { StoreTally } from '../core/store-tally';
import { silentLogger } from '@streamer/kernel';
import { startStubManagementApi, type StubManagementApi } from '../drivers/stub-management-api';
import { messageEvent } from '../lambda/events';
import type { InvokeReport } from '../lambda/invoke-child';
import { assertOutcomes, type LambdaChild, startLambdaChild } from '../lambda/lambda-child';

/** `quotasOff`: the counted-only pass with every quota off (its round trips and writes; no timings are judged on it). */
const SIZES = {
  smoke: { requests: 10, block: 10, warmup: 2, quotasOff: { requests: 3, block: 3, warmup: 1 } },
  quick: { requests: 40, block: 20, warmup: 5, quotasOff: { requests: 20, block: 20, warmup: 2 } },
  full: { requests: 500, block: 100, warmup: 100, quotasOff: { requests: 200, block: 100, warmup: 20 } },
};
/** Requests per connection, under the default token bucket's burst (40). */
const PER_CONNECTION = 20;
const TENANT = 'bench-router';

export interface RouterAckFigures {
  figures: Figure[];
  params: Record<string, number>;
}

interface Sizes {
  requests: number;
  block: number;
  warmup: number;
}

/** What both passes share: the benchmark's stores, the router bundle and its env, the stub management API. */
interface Setup {
  ctx: BenchContext;
  stores: DynamoStores;
  bundle: string;
  env: Record<string, string>;
  stub: StubManagementApi;
}

export async function measureRouterAck(ctx: BenchContext): Promise<RouterAckFigures> {
  const { quotasOff, ...sizes } = sized(ctx, SIZES);
  const dynamo = await ctx.resources.dynamo();
  const stores = createDynamoStores({ clientConfig: localClientConfig(dynamo.endpoint), tables: dynamo.tables, logger: silentLogger });
  const stub = ctx.resources.track(await startStubManagementApi('bench'));
  try {
    const bundle = await ctx.resources.bundle('router');
    const setup: Setup = { ctx, stores, bundle: bundle.file, env: { ...dynamo.env, WEBSOCKET_ENDPOINT: stub.endpoint }, stub };
    const timed = await timedPass(setup, sizes);
    const off = await countedPass(setup, quotasOff);
    return {
      figures: [...timed, ...off],
      params: { ackRequests: sizes.requests, ackWarmup: sizes.warmup, syncFrames: sizes.requests, quotasOffRequests: quotasOff.requests },
    };
  } finally {
    stores.client.destroy();
  }
}

/** The default quotas: the ack timed against its store calls from the benchmark, and the store calls of both counted. */
async function timedPass(setup: Setup, sizes: Sizes): Promise<Figure[]> {
  const total = 1 + sizes.warmup + sizes.requests;
  for (const prefix of ['rt', 'base', 'sy']) await putConnections(setup.stores, prefix, Math.ceil(total / PER_CONNECTION));
  const child = await startLambdaChild(setup.ctx.root, setup.bundle, setup.env, { countStoreCalls: true });
  try {
    const handler = new LatencyHistogram();
    const baseline = new LatencyHistogram();
    const ack = new StoreTally('ack', 'async ack');
    const sync = new StoreTally('sync', 'sync frame (ping)');
    const acked = ackCount(setup.stub);
    const first = await invoke(child, [0], requestBody);
    await invoke(child, range(1, sizes.warmup), requestBody);
    for (let done = 0; done < sizes.requests; done += sizes.block) {
      const numbers = range(1 + sizes.warmup + done, sizes.block);
      const report = await invoke(child, numbers, requestBody);
      report.durationsMs.forEach((ms) => handler.record(ms));
      ack.recordAll(report);
      await timeStoreCalls(setup.stores, numbers, baseline);
    }
    checkAcks(setup.stub, acked, total);
    for (let done = 0; done < sizes.requests; done += sizes.block) {
      const report = await invoke(child, range(1 + sizes.warmup + done, sizes.block), pingBody, 'sy');
      sync.recordAll(report);
    }
    return [...ackFigures(handler, baseline, first.durationsMs[0] as number), ...ack.figures(), ...sync.figures()];
  } finally {
    await child.stop();
  }
}

/** Every quota off: the same requests and frames on connections of their own, their store calls counted. */
async function countedPass(setup: Setup, sizes: Sizes): Promise<Figure[]> {
  const total = 1 + sizes.warmup + sizes.requests;
  for (const prefix of ['off-rt', 'off-sy']) await putConnections(setup.stores, prefix, Math.ceil(total / PER_CONNECTION));
  const child = await startLambdaChild(setup.ctx.root, setup.bundle, setup.env, { countStoreCalls: true, quotas: 'off' });
  try {
    const ack = new StoreTally('ack', 'async ack', 'off');
    const sync = new StoreTally('sync', 'sync frame (ping)', 'off');
    const acked = ackCount(setup.stub);
    await invoke(child, range(0, 1 + sizes.warmup), requestBody, 'off-rt');
    for (let done = 0; done < sizes.requests; done += sizes.block) {
      ack.recordAll(await invoke(child, range(1 + sizes.warmup + done, sizes.block), requestBody, 'off-rt'));
    }
    checkAcks(setup.stub, acked, total);
    for (let done = 0; done < sizes.requests; done += sizes.block) {
      sync.recordAll(await invoke(child, range(1 + sizes.warmup + done, sizes.block), pingBody, 'off-sy'));
    }
    return [...ack.figures(), ...sync.figures()];
  } finally {
    await child.stop();
  }
}

function ackCount(stub: StubManagementApi): number {
  return stub.posted.get('ack') ?? 0;
}

function checkAcks(stub: StubManagementApi, before: number, expected: number): void {
  const acks = ackCount(stub) - before;
  if (acks !== expected) throw new Error(`router posted ${acks} acks for ${expected} async requests (${JSON.stringify(Object.fromEntries(stub.posted))})`);
}

async function invoke(child: LambdaChild, numbers: number[], body: (n: number) => string, prefix = 'rt'): Promise<InvokeReport> {
  const report = await child.invoke(numbers.map((n) => messageEvent(`${prefix}-${Math.floor(n / PER_CONNECTION)}`, body(n))));
  assertOutcomes(report, ['200'], 'router');
  return report;
}

function requestBody(n: number): string {
  return JSON.stringify({ id: `c-${n}`, action: 'generate_report', payload: { recordCount: 5000 } });
}

function pingBody(n: number): string {
  return JSON.stringify({ id: `p-${n}`, action: 'ping' });
}

/** Each connection of its own user (requests are idempotent per user and client id, which repeats across passes). */
async function putConnections(stores: DynamoStores, prefix: string, count: number): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const record: ConnectionRecord = { connectionId: `${prefix}-${i}`, userId: `u-${prefix}-${i}`, tenantId: TENANT, status: 'CONNECTED', endpoint: 'https://bench', connectedAt: now, lastActiveAt: now, ttl: Math.floor(now / 1000) + 86_400 };
    await stores.connections.put(record);
  }
}

/**
 * What the router asks of the store for one async request, in its order: admit the frame (the
 * connection proven CONNECTED and a rate token taken, one UpdateItem), then create the request
 * (idempotency transaction). The ack goes to the calling socket without a status read.
 */
async function timeStoreCalls(stores: DynamoStores, numbers: number[], into: LatencyHistogram): Promise<void> {
  for (const n of numbers) {
    const connectionId = `base-${Math.floor(n / PER_CONNECTION)}`;
    const started = performance.now();
    await stores.connections.admit(connectionId, DEFAULT_RATE_LIMIT, Date.now());
    await stores.requests.create({ requestId: `base-${n}`, connectionId, userId: 'u-base', tenantId: TENANT, clientId: `b-${n}`, action: 'generate_report', payload: { recordCount: 5000 } });
    into.record(performance.now() - started);
  }
}

function ackFigures(handler: LatencyHistogram, baseline: LatencyHistogram, firstMs: number): Figure[] {
  const h = handler.summary();
  const b = baseline.summary();
  const baseP50 = figure('router.store-calls.p50', 'its store calls back to back (admit, create) p50', b.p50Ms, 'ms');
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
