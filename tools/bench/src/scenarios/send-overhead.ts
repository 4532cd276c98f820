// 4. Send overhead: ConnectionManager.send against the bare gateway port's post, both on a
// zero-latency fake gateway with in-memory stores — what the manager itself adds, network excluded.
import { createConnectionManager } from '@streamer/connection-manager';
import { FakeGateway } from '@streamer/connection-manager/testing';
import { createInMemoryStores } from '@streamer/store/testing';
import { LatencyHistogram } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { silentLogger } from '@streamer/kernel';

const SIZES = {
  smoke: { connections: 20, sends: 200, warmup: 100 },
  quick: { connections: 50, sends: 1_000, warmup: 200 },
  full: { connections: 1_000, sends: 30_000, warmup: 5_000 },
};
/** Sends and posts alternate in blocks this long, so both see the same machine conditions. */
const BLOCK = 100;
const MESSAGE = { type: 'event', topic: 'bench', data: { text: 'x'.repeat(160), n: 1 } };

export const sendOverhead: Scenario = {
  id: 'send-overhead',
  title: 'Send overhead (manager vs bare gateway post, zero-latency fake, in-memory stores)',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const sizes = sized(ctx, SIZES);
    const bench = await setUp(sizes.connections, 30_000);
    const uncached = await setUp(sizes.connections, 0);
    await measure(bench, sizes.warmup, new LatencyHistogram(), new LatencyHistogram());
    const post = new LatencyHistogram();
    const send = new LatencyHistogram();
    await measure(bench, sizes.sends, send, post);
    const sendNoCache = new LatencyHistogram();
    await measure(uncached, sizes.sends, sendNoCache, new LatencyHistogram());
    await Promise.all([bench.manager.shutdown({ timeoutMs: 5000 }), uncached.manager.shutdown({ timeoutMs: 5000 })]);
    return {
      params: { ...sizes, messageBytes: JSON.stringify(MESSAGE).length, cacheTtlMs: 30_000 },
      figures: figures(post, send, sendNoCache),
      notes: [
        'Sends cycle over the connections, so after the first round every send hits the 30 s status cache (seed 000); ' +
          '"status cache off" reads the in-memory store on every send instead.',
        `Sends and bare posts alternate in blocks of ${BLOCK}; overhead = send percentile − bare post percentile.`,
      ],
    };
  },
};

interface Bench {
  manager: ReturnType<typeof createConnectionManager>;
  gateway: FakeGateway;
  ids: string[];
}

async function setUp(connections: number, cacheTtlMs: number): Promise<Bench> {
  const stores = createInMemoryStores();
  const ids = Array.from({ length: connections }, (_, i) => `conn-${i}=`);
  const now = Date.now();
  for (const connectionId of ids) {
    await stores.connections.put({ connectionId, userId: 'u', tenantId: 't', status: 'CONNECTED', endpoint: 'https://local', connectedAt: now, lastActiveAt: now, ttl: 0 });
  }
  const gateway = new FakeGateway();
  const manager = createConnectionManager({ gateway, connections: stores.connections, subscriptions: stores.subscriptions, logger: silentLogger, cacheTtlMs });
  return { manager, gateway, ids };
}

async function measure(bench: Bench, count: number, send: LatencyHistogram, post: LatencyHistogram): Promise<void> {
  const bytes = Buffer.from(JSON.stringify(MESSAGE));
  for (let done = 0; done < count; done += BLOCK) {
    for (let i = done; i < done + BLOCK; i++) {
      const id = bench.ids[i % bench.ids.length] as string;
      let started = performance.now();
      await bench.manager.send(id, MESSAGE);
      send.record(performance.now() - started);
      started = performance.now();
      await bench.gateway.post(id, bytes);
      post.record(performance.now() - started);
    }
    bench.gateway.calls.length = 0; // the fake's call log, kept short between blocks (outside timing)
  }
}

function figures(post: LatencyHistogram, send: LatencyHistogram, noCache: LatencyHistogram): Figure[] {
  const p = post.summary();
  const s = send.summary();
  const n = noCache.summary();
  const postP50 = figure('send-overhead.post.p50', 'bare gateway post p50', p.p50Ms, 'ms');
  const postP99 = figure('send-overhead.post.p99', 'bare gateway post p99', p.p99Ms, 'ms');
  return [
    postP50,
    postP99,
    figure('send-overhead.send.p50', 'manager send p50', s.p50Ms, 'ms', postP50),
    figure('send-overhead.send.p99', 'manager send p99', s.p99Ms, 'ms', postP99),
    figure('send-overhead.overhead.p50', 'send overhead p50 (send − post)', s.p50Ms - p.p50Ms, 'ms'),
    figure('send-overhead.overhead.p99', 'send overhead p99 (send − post)', s.p99Ms - p.p99Ms, 'ms'),
    figure('send-overhead.nocache.p99', 'manager send p99, status cache off', n.p99Ms, 'ms', postP99),
  ];
}
