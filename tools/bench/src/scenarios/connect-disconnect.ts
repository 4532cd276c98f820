// 5. $connect (JWT verify + store, ES256 and RS256) and $disconnect at handler level: the apps' own
// Lambda bundles, each in a process of its own standing in for an execution environment, with env
// pointing at the embedded DynamoDB. Baseline: the bare store call the handler makes, same DynamoDB.
import { createTestIssuer, type TestIssuer } from '@streamer/auth/testing';
import { type ConnectionRecord, ConnectionLifecycle } from '@streamer/store';
import { createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type { EmbeddedDynamo } from '../core/embedded-dynamo';
import { LatencyHistogram } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type QuotaSetting, StoreTally } from '../core/store-tally';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { silentLogger } from '@streamer/kernel';
import { connectEvent, disconnectEvent } from '../lambda/events';
import { assertOutcomes, startLambdaChild } from '../lambda/lambda-child';

/** `quotasOff`: the counted-only pass with every quota off (its round trips and writes; no timings are judged on it). */
const SIZES = {
  smoke: { invocations: 10, block: 10, warmup: 2, quotasOff: { invocations: 3, block: 3, warmup: 1 } },
  quick: { invocations: 40, block: 20, warmup: 5, quotasOff: { invocations: 20, block: 20, warmup: 2 } },
  full: { invocations: 500, block: 100, warmup: 100, quotasOff: { invocations: 200, block: 100, warmup: 20 } },
};
const TOKENS_PER_ISSUER = 20;
const TENANT = 'bench-connect';

export const connectDisconnect: Scenario = {
  id: 'connect',
  title: '$connect (JWT verify + store) and $disconnect at handler level on the embedded DynamoDB',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const sizes = sized(ctx, SIZES);
    const dynamo = await ctx.resources.dynamo();
    const stores = createDynamoStores({ clientConfig: localClientConfig(dynamo.endpoint), tables: dynamo.tables, logger: silentLogger });
    const figures: Figure[] = [];
    const { quotasOff, ...timed } = sizes;
    const run: Run = { ctx, dynamo, stores, ...timed };
    const off: Run = { ...run, ...quotasOff, quotas: 'off' };
    for (const alg of ['ES256', 'RS256'] as const) figures.push(...(await connectRun(run, alg)));
    figures.push(...(await connectRun(off, 'ES256')));
    figures.push(...(await disconnectRun(run)), ...(await disconnectRun(off)));
    stores.client.destroy();
    return {
      params: { ...timed, tokensPerIssuer: TOKENS_PER_ISSUER, quotasOffInvocations: quotasOff.invocations },
      figures,
      notes: [
        'Each handler runs from its esbuild bundle (the `bundle` target\'s settings) in a fresh process; invocations are sequential, as in one Lambda execution environment; logs go to /dev/null.',
        'Baselines are the store calls each handler makes, made the same way from the benchmark process ($connect: ConnectionStore.put; $disconnect: ConnectionLifecycle.retire), interleaved in blocks with the handler calls.',
        'Round trips, calls per operation and write units are counted inside the Lambda process by a middleware on its DynamoDB client (`countCalls` from @streamer/store/local, asking every call for `ReturnConsumedCapacity: INDEXES`); ' +
          'the handler\'s own time is each invocation\'s duration minus the time its store calls were in flight, in the same invocation.',
        '$disconnect runs twice: for connections with one topic subscription (the ES256 run\'s), which also deletes it, and for connections without any (the RS256 run\'s).',
        `$connect ES256 and both $disconnect runs are counted again in Lambda processes with all four quota limits at 0 (docs/quotas.md: "quotas off"), ${quotasOff.invocations} invocations each after ${quotasOff.warmup} unrecorded; ` +
          'only their store calls are reported (the `-quotas-off` rows of the store table); the connections without subscriptions are stored by the benchmark for them.',
        '"first invocation" is the cold-start initialisation: env validation, key import, DynamoDB client, first calls. ' +
          `The next ${sizes.warmup} invocations warm the JIT and are not recorded.`,
      ],
    };
  },
};

interface Run {
  ctx: BenchContext;
  dynamo: EmbeddedDynamo;
  stores: DynamoStores;
  invocations: number;
  block: number;
  /** Invocations after the first that are not recorded (JIT warm-up of the handler and of DynamoDB Local). */
  warmup: number;
  /** `off`: a Lambda child with every quota off, whose store calls alone are reported. Default: the default quotas, timed too. */
  quotas?: QuotaSetting;
}

/** Connection ids of a run: `es256-3`, or `off-es256-3` with the quotas off. */
function idPrefix(run: Run, name: string): string {
  return run.quotas === 'off' ? `off-${name}-` : `${name}-`;
}

async function connectRun(run: Run, alg: 'ES256' | 'RS256'): Promise<Figure[]> {
  const issuer = await createTestIssuer({ alg });
  const tokens = await mintTokens(issuer);
  const bundle = await run.ctx.resources.bundle('connect');
  const env = { ...run.dynamo.env, JWT_PUBLIC_KEY: issuer.publicKeyPem };
  const child = await startLambdaChild(run.ctx.root, bundle.file, env, { countStoreCalls: true, quotas: run.quotas });
  const handler = new LatencyHistogram();
  const baseline = new LatencyHistogram();
  const tally = new StoreTally(`connect-${alg.toLowerCase()}`, `$connect ${alg}`, run.quotas);
  const prefix = idPrefix(run, alg.toLowerCase());
  try {
    const first = await child.invoke([connectEvent(`${prefix}first`, tokens[0] as string)]);
    assertOutcomes(first, ['200'], `$connect ${alg}`);
    const warm = await child.invoke(range(0, run.warmup).map((i) => connectEvent(`${prefix}warm-${i}`, tokens[i % tokens.length] as string)));
    assertOutcomes(warm, ['200'], `$connect ${alg}`);
    for (let done = 0; done < run.invocations; done += run.block) {
      const ids = range(done, run.block).map((i) => `${prefix}${i}`);
      const report = await child.invoke(ids.map((id, i) => connectEvent(id, tokens[i % tokens.length] as string)));
      assertOutcomes(report, ['200'], `$connect ${alg}`);
      tally.recordAll(report);
      if (run.quotas === 'off') continue;
      report.durationsMs.forEach((ms) => handler.record(ms));
      await timeEach(ids, (id) => run.stores.connections.put(record(`base-${id}`)), baseline);
    }
    if (run.quotas === 'off') return tally.figures();
    return [...connectFigures(alg.toLowerCase(), handler, baseline, first.durationsMs[0] as number), ...tally.figures()];
  } finally {
    await child.stop();
  }
}

/**
 * $disconnect of the ES256 run's connections, each given one subscription, and of connections without
 * any: the RS256 run's, or (quotas off, where no RS256 run is made) connections the benchmark stores.
 */
async function disconnectRun(run: Run): Promise<Figure[]> {
  const bundle = await run.ctx.resources.bundle('disconnect');
  const child = await startLambdaChild(run.ctx.root, bundle.file, run.dynamo.env, { countStoreCalls: true, quotas: run.quotas });
  const handler = new LatencyHistogram();
  const baseline = new LatencyHistogram();
  const subscribed = new StoreTally('disconnect', '$disconnect (one subscription)', run.quotas);
  const bare = new StoreTally('disconnect-bare', '$disconnect (no subscriptions)', run.quotas);
  const lifecycle = new ConnectionLifecycle(run.stores);
  const prefix = idPrefix(run, 'es256');
  const barePrefix = idPrefix(run, 'rs256');
  try {
    const first = await child.invoke([disconnectEvent(`${prefix}first`)]);
    await child.invoke(range(0, run.warmup).map((i) => disconnectEvent(`${prefix}warm-${i}`)));
    for (let done = 0; done < run.invocations; done += run.block) {
      const ids = range(done, run.block).map((i) => `${prefix}${i}`);
      for (const id of ids) await run.stores.subscriptions.add({ tenantId: TENANT, topic: 'news', connectionId: id, userId: 'u-0' });
      const report = await child.invoke(ids.map((id) => disconnectEvent(id)));
      assertOutcomes(report, ['200'], '$disconnect');
      subscribed.recordAll(report);
      const bareIds = range(done, run.block).map((i) => `${barePrefix}${i}`);
      if (run.quotas === 'off') {
        for (const id of bareIds) await run.stores.connections.put(record(id));
      } else {
        report.durationsMs.forEach((ms) => handler.record(ms));
        const baseIds = ids.map((id) => `base-rs256-${id.slice(prefix.length)}`);
        for (const id of baseIds) await run.stores.subscriptions.add({ tenantId: TENANT, topic: 'news', connectionId: id, userId: 'u-0' });
        await timeEach(baseIds, (id) => lifecycle.retire(id, { at: Date.now() }), baseline);
      }
      const bareReport = await child.invoke(bareIds.map((id) => disconnectEvent(id)));
      assertOutcomes(bareReport, ['200'], '$disconnect');
      bare.recordAll(bareReport);
    }
    if (run.quotas === 'off') return [...subscribed.figures(), ...bare.figures()];
    const h = handler.summary();
    const b = baseline.summary();
    const baseP50 = figure('disconnect.store-calls.p50', 'its store calls (ConnectionLifecycle.retire: mark, then delete the listed topics) p50', b.p50Ms, 'ms');
    const baseP99 = figure('disconnect.store-calls.p99', 'its store calls p99', b.p99Ms, 'ms');
    return [
      figure('disconnect.p50', '$disconnect p50', h.p50Ms, 'ms', baseP50),
      figure('disconnect.p99', '$disconnect p99', h.p99Ms, 'ms', baseP99),
      figure('disconnect.first', '$disconnect first invocation', first.durationsMs[0] as number, 'ms'),
      baseP50,
      baseP99,
      ...subscribed.figures(),
      ...bare.figures(),
    ];
  } finally {
    await child.stop();
  }
}

function connectFigures(alg: string, handler: LatencyHistogram, baseline: LatencyHistogram, firstMs: number): Figure[] {
  const h = handler.summary();
  const b = baseline.summary();
  const name = alg.toUpperCase();
  const baseP50 = figure(`connect.${alg}.store-calls.p50`, `${name} run: its store call (ConnectionStore.put) p50`, b.p50Ms, 'ms');
  const baseP99 = figure(`connect.${alg}.store-calls.p99`, `${name} run: its store call p99`, b.p99Ms, 'ms');
  return [
    figure(`connect.${alg}.p50`, `$connect ${name} p50`, h.p50Ms, 'ms', baseP50),
    figure(`connect.${alg}.p99`, `$connect ${name} p99`, h.p99Ms, 'ms', baseP99),
    figure(`connect.${alg}.first`, `$connect ${name} first invocation`, firstMs, 'ms'),
    baseP50,
    baseP99,
  ];
}

async function mintTokens(issuer: TestIssuer): Promise<string[]> {
  const users = range(0, TOKENS_PER_ISSUER);
  return Promise.all(users.map((i) => issuer.mint({ sub: `u-${i}`, tenant_id: TENANT })));
}

async function timeEach(ids: readonly string[], call: (id: string) => Promise<unknown>, into: LatencyHistogram): Promise<void> {
  for (const id of ids) {
    const started = performance.now();
    await call(id);
    into.record(performance.now() - started);
  }
}

function record(connectionId: string): ConnectionRecord {
  const now = Date.now();
  return { connectionId, userId: 'u-0', tenantId: TENANT, status: 'CONNECTED', endpoint: 'https://bench.execute-api.us-east-1.amazonaws.com/bench', connectedAt: now, lastActiveAt: now, ttl: Math.floor(now / 1000) + 86_400 };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
