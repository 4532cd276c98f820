// Sender-side ceilings (part of the raw-ceiling scenario): the same comparisons against a loopback
// stub that answers every POST at once from a process of its own, so only the sender's CPU is
// measured — as in a Lambda, where API Gateway's work is not on the function's CPU. Reproduces the
// SPEC §6 calibration (SDK / signed / unsigned) and puts ours and the naive Promise.all beside it.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type BroadcastTarget, createConnectionManager } from '@streamer/connection-manager';
import { createGateway, type SignedHttpGateway } from '@streamer/connection-manager/gateway';
import { type ConnectionStore } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { forkTs } from '../core/rpc';
import { figure, type Figure } from '../core/results';
import { type BenchContext, sized } from '../core/scenario';
import { silentLogger } from '@streamer/kernel';
import { CONCURRENCY } from '../drivers/methods';
import { type ClosablePoster, LOCAL_CREDENTIALS, LOCAL_REGION, plainPoster, postAll, sdkPoster } from '../drivers/posters';
import { benchFrame, frameBytes } from '../fleet/frames';

const SIZES = { smoke: { recipients: 100, rounds: 1 }, quick: { recipients: 200, rounds: 2 }, full: { recipients: 1_000, rounds: 6 } };
const TENANT = 'stub-tenant';

interface StubMethod {
  key: string;
  deliver(): Promise<void>;
  close(): Promise<void>;
}

export async function measureSenderSide(ctx: BenchContext): Promise<{ figures: Figure[]; params: Record<string, number> }> {
  const { recipients, rounds } = sized(ctx, SIZES);
  const child = forkTs(ctx.root, 'tools/bench/src/stack/stub-child.ts');
  ctx.resources.track({ stop: async () => (await child.call('stop').catch(() => undefined), await child.stop()) });
  const endpoint = await child.call<string>('start');
  const ids = Array.from({ length: recipients }, (_, i) => `stub-${i}=`);
  const connections = await seededStore(ids);
  const methods = buildMethods(endpoint, ids, connections);
  try {
    const rates = await interleave(methods, rounds, recipients);
    return { figures: senderFigures(rates), params: { stubRecipients: recipients, stubRounds: rounds } };
  } finally {
    for (const m of methods) await m.close();
  }
}

async function seededStore(ids: readonly string[]): Promise<ConnectionStore> {
  const stores = createInMemoryStores();
  const now = Date.now();
  for (const connectionId of ids) {
    await stores.connections.put({ connectionId, userId: 'u', tenantId: TENANT, status: 'CONNECTED', endpoint: 'stub', connectedAt: now, lastActiveAt: now, ttl: 0 });
  }
  return stores.connections;
}

function buildMethods(endpoint: string, ids: readonly string[], connections: ConnectionStore): StubMethod[] {
  return [
    posterMethod('unsigned', ids, plainPoster(endpoint, CONCURRENCY, false)),
    posterMethod('signed', ids, plainPoster(endpoint, CONCURRENCY, true)),
    posterMethod('lean', ids, leanGatewayPoster(endpoint)),
    posterMethod('sdk', ids, sdkPoster(endpoint)),
    naiveMethod(endpoint, ids),
    oursMethod('ours-ids', endpoint, connections, ids),
    oursMethod('ours-tenant', endpoint, connections, { tenantId: TENANT }),
  ];
}

/** The lean gateway adapter itself (LeanSigner + keep-alive pool), posting in a bare loop. */
function leanGatewayPoster(endpoint: string): ClosablePoster {
  const gateway = createGateway({ kind: 'lean', endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }) as SignedHttpGateway;
  return {
    post: async (connectionId, body) => {
      await gateway.post(connectionId, body);
      return 200;
    },
    close: () => gateway.close(),
  };
}

function posterMethod(key: string, ids: readonly string[], poster: ClosablePoster): StubMethod {
  return {
    key,
    deliver: async () => {
      const tally = await postAll(ids, frameBytes(0), poster.post, CONCURRENCY);
      if (tally.ok !== ids.length) throw new Error(`${key}: ${tally.ok} of ${ids.length} posts succeeded (${JSON.stringify(tally.statuses)})`);
    },
    close: () => Promise.resolve(poster.close()),
  };
}

function naiveMethod(endpoint: string, ids: readonly string[]): StubMethod {
  const client = new ApiGatewayManagementApiClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler({ logger: silentLogger }) });
  const data = frameBytes(0);
  return {
    key: 'naive',
    deliver: async () => {
      await Promise.all(ids.map((id) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }))));
    },
    close: () => Promise.resolve(client.destroy()),
  };
}

function oursMethod(key: string, endpoint: string, connections: ConnectionStore, target: BroadcastTarget): StubMethod {
  const gateway = createGateway({ kind: 'lean', endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const { subscriptions } = createInMemoryStores();
  const manager = createConnectionManager({ gateway, connections, subscriptions, logger: silentLogger, broadcastConcurrency: CONCURRENCY });
  return {
    key,
    deliver: async () => {
      await manager.broadcast(target, benchFrame(0));
    },
    close: async () => {
      await manager.shutdown({ timeoutMs: 10_000 });
      gateway.close();
    },
  };
}

/** One warm-up each, then `rounds` rounds with the order rotating; frames per second per method. */
async function interleave(methods: readonly StubMethod[], rounds: number, recipients: number): Promise<Map<string, number>> {
  const totals = new Map(methods.map((m) => [m.key, 0]));
  for (const m of methods) await m.deliver();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < methods.length; i++) {
      const m = methods[(i + r) % methods.length] as StubMethod;
      const started = performance.now();
      await m.deliver();
      totals.set(m.key, (totals.get(m.key) ?? 0) + performance.now() - started);
    }
  }
  return new Map([...totals].map(([key, ms]) => [key, ((recipients * rounds) / ms) * 1000]));
}

function senderFigures(rates: Map<string, number>): Figure[] {
  const rate = (key: string): number => rates.get(key) as number;
  const unsigned = figure('sender.unsigned.rate', 'stub: plain POST, unsigned', rate('unsigned'), 'msg/s');
  const signed = figure('sender.signed.rate', 'stub: plain POST, SigV4-signed', rate('signed'), 'msg/s', unsigned);
  const naive = figure('sender.naive.rate', 'stub: naive Promise.all(SDK PostToConnection)', rate('naive'), 'msg/s', signed);
  return [
    unsigned,
    signed,
    figure('sender.lean.rate', 'stub: the lean gateway adapter in a bare loop (LeanSigner, node:crypto)', rate('lean'), 'msg/s', signed),
    figure('sender.lean.vs-naive', 'stub: lean gateway loop vs naive', rate('lean'), 'msg/s', naive),
    figure('sender.sdk.rate', 'stub: SDK PostToConnectionCommand loop', rate('sdk'), 'msg/s', signed),
    naive,
    figure('sender.ours-ids.rate', 'stub: ours, broadcast(ids)', rate('ours-ids'), 'msg/s', signed),
    figure('sender.ours-ids.vs-naive', 'stub: ours, broadcast(ids) vs naive', rate('ours-ids'), 'msg/s', naive),
    figure('sender.ours-tenant.rate', 'stub: ours, broadcast({tenantId}) from an in-memory store', rate('ours-tenant'), 'msg/s', signed),
    figure('sender.ours-tenant.vs-naive', 'stub: ours, broadcast({tenantId}) vs naive', rate('ours-tenant'), 'msg/s', naive),
  ];
}
