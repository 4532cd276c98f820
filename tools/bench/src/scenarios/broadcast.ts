// 2. Broadcast with the connection manager (lean signed gateway, concurrency 50) to N real sockets,
// timed until every socket has the frame, against the signed plain-POST ceiling and the naive AWS-sample
// broadcast, all measured on the same fleet in interleaved rounds.
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { compareMethods, type MethodRun, pairedRatio } from '../drivers/compare';
import { CONCURRENCY, type MethodKey } from '../drivers/methods';
import type { StackSession } from '../stack/stack-session';
import { cleanStack, connectConcurrency } from '../stack/shared-stacks';

interface Size {
  sockets: number;
  rounds: number;
}

const SIZES: { quick: Size[]; full: Size[] } = {
  quick: [{ sockets: 100, rounds: 3 }],
  full: [
    { sockets: 100, rounds: 20 },
    { sockets: 1_000, rounds: 6 },
    { sockets: 10_000, rounds: 1 },
  ],
};
const METHODS: readonly MethodKey[] = ['unsigned', 'signed', 'ours', 'ours-no-touch', 'ours-ids', 'naive'];
/** SPEC §6's throughput rows are judged at the largest size with at least this many paired rounds. */
const JUDGED_MIN_ROUNDS = 3;

export const broadcast: Scenario = {
  id: 'broadcast',
  title: 'Broadcast to N real sockets: ours vs the signed POST ceiling and the naive SDK Promise.all',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const session = await cleanStack(ctx);
    const figures: Figure[] = [];
    const notes: string[] = [];
    const results: SizeResult[] = [];
    for (const [i, size] of sized(ctx, SIZES).entries()) {
      const result = await atSize(ctx, session, size, i === 0);
      if (result) results.push(result);
      else notes.push(`N=${size.sockets}: not run, the fleet did not open completely (see the scale scenario).`);
    }
    const judged = [...results].reverse().find((r) => r.rounds >= JUDGED_MIN_ROUNDS) ?? results.at(-1);
    for (const r of results) {
      figures.push(...sizeFigures(r.n, r.runs));
      figures.push(...ratioFigures(r === judged ? 'broadcast.judged' : `broadcast.n${r.n}.ratio`, r.n, r.runs, r === judged));
      notes.push(countersNote(r.n, r.runs));
    }
    const last = results.at(-1);
    if (last) figures.push(...(await storeReadFigures(session, last.n)));
    return { params: { sizes: sized(ctx, SIZES).map((s) => `${s.sockets}×${s.rounds}`).join(' '), concurrency: CONCURRENCY }, figures, notes: [...NOTES, ...notes] };
  },
};

interface SizeResult {
  n: number;
  rounds: number;
  runs: Map<MethodKey, MethodRun>;
}

async function atSize(ctx: BenchContext, session: StackSession, size: Size, warmUp: boolean): Promise<SizeResult | undefined> {
  const group = await session.openFleet(`bench-${size.sockets}`, size.sockets, connectConcurrency(ctx));
  if (group.open.opened < size.sockets) return undefined;
  ctx.printer.progress(`broadcast: ${size.rounds} rounds × ${METHODS.length} methods to ${size.sockets} sockets`);
  return { n: size.sockets, rounds: size.rounds, runs: await compareMethods(session, group, METHODS, size.rounds, warmUp) };
}

function sizeFigures(n: number, runs: Map<MethodKey, MethodRun>): Figure[] {
  const get = (key: MethodKey): MethodRun => runs.get(key) as MethodRun;
  const p = `broadcast.n${n}`;
  const unsigned = figure(`${p}.unsigned.rate`, `N=${n} unsigned POST ceiling`, get('unsigned').rate, 'msg/s');
  const signed = figure(`${p}.signed.rate`, `N=${n} signed POST ceiling`, get('signed').rate, 'msg/s', unsigned);
  const naive = figure(`${p}.naive.rate`, `N=${n} naive SDK Promise.all`, get('naive').rate, 'msg/s', signed);
  const signedTime = figure(`${p}.signed.time.p50`, `N=${n} signed POST loop time p50`, get('signed').time.p50Ms, 'ms');
  const naiveTime = figure(`${p}.naive.time.p50`, `N=${n} naive time p50`, get('naive').time.p50Ms, 'ms');
  return [
    unsigned,
    signed,
    naive,
    figure(`${p}.ours.rate`, `N=${n} ours vs signed ceiling`, get('ours').rate, 'msg/s', signed),
    figure(`${p}.ours.rate-vs-naive`, `N=${n} ours vs naive`, get('ours').rate, 'msg/s', naive),
    figure(`${p}.ours-no-touch.rate`, `N=${n} ours with activity touches off`, get('ours-no-touch').rate, 'msg/s', signed),
    figure(`${p}.ours-ids.rate`, `N=${n} ours, delivery path alone (ids, connections from memory, no touches)`, get('ours-ids').rate, 'msg/s', signed),
    signedTime,
    naiveTime,
    figure(`${p}.ours.time.p50`, `N=${n} ours time p50 (until every socket has it)`, get('ours').time.p50Ms, 'ms', signedTime),
    figure(`${p}.ours.time.p99`, `N=${n} ours time p99`, get('ours').time.p99Ms, 'ms'),
  ];
}

/** Paired throughput ratios (median over interleaved rounds), under `prefix`. */
function ratioFigures(prefix: string, n: number, runs: Map<MethodKey, MethodRun>, judged: boolean): Figure[] {
  const get = (key: MethodKey): MethodRun => runs.get(key) as MethodRun;
  const rounds = get('ours').rounds;
  const how = `median of ${rounds} paired round${rounds === 1 ? '' : 's'}${judged ? ', judged' : ''}`;
  const ratio = (key: string, a: MethodKey, aName: string, b: MethodKey, bName: string): Figure =>
    figure(`${prefix}.${key}`, `N=${n}: ${aName} ÷ ${bName} (${how})`, pairedRatio(get(a), get(b)), 'x');
  return [
    ratio('vs-signed-ceiling', 'ours', 'ours', 'signed', 'signed ceiling'),
    ratio('vs-naive', 'ours', 'ours', 'naive', 'naive'),
    ratio('no-touch.vs-signed-ceiling', 'ours-no-touch', 'ours with touches off', 'signed', 'signed ceiling'),
    ratio('delivery-path.vs-signed-ceiling', 'ours-ids', 'ours\' delivery path alone', 'signed', 'signed ceiling'),
    ratio('signed-ceiling.vs-naive', 'signed', 'signed ceiling', 'naive', 'naive'),
  ];
}

/** The recipient query alone over the fleet's tenant, at the store's default page size and at 1000. */
async function storeReadFigures(session: StackSession, n: number): Promise<Figure[]> {
  const read = async (pageSize: number): Promise<number> => {
    const started = performance.now();
    for await (const _ of session.stores.connections.byTenant(`bench-${n}`, { pageSize })) void _;
    return performance.now() - started;
  };
  const small = figure(`broadcast.n${n}.store-read.page100`, `N=${n}: reading the recipients alone, pages of 100 (default)`, Math.min(await read(100), await read(100)), 'ms');
  return [small, figure(`broadcast.n${n}.store-read.page1000`, `N=${n}: reading the recipients alone, pages of 1000`, Math.min(await read(1000), await read(1000)), 'ms', small)];
}

function countersNote(n: number, runs: Map<MethodKey, MethodRun>): string {
  const ours = runs.get('ours') as MethodRun;
  const c = ours.counters;
  return `N=${n}: ${ours.rounds} timed rounds per method; ours wrote ${c['touchesWritten'] ?? 0} activity touches in the background (${c['touchesDropped'] ?? 0} dropped, queue full), between rounds.`;
}

const NOTES = [
  'Every method reaches the same sockets (one tenant\'s CONNECTED connections) with the same ~200-byte frame; a round ends when every socket has received it. Rate = frames ÷ total time of the timed rounds.',
  `Ratios are paired: in each round the methods run back to back, and the ratio is the median over rounds of one method's time ÷ the other's, which holds up when the shared machine's load changes between rounds. SPEC §6's throughput rows are judged at the largest size with at least ${JUDGED_MIN_ROUNDS} rounds ("judged" lines); a single round at 10 000 sockets is shown for scale but moves with the machine's load.`,
  'Ours: `createConnectionManager` with `createGateway({kind: "signed"})` and default options, `broadcast({tenantId})` (recipients streamed page by page from the store\'s TenantIdIndex).',
  'Naive: the AWS chat sample — Scan of the connections table, then `Promise.all` of SDK `PostToConnectionCommand`s with a default client (SDK retries on, 50 keep-alive sockets); its Scan is paginated and filtered to the tenant so it reaches the same sockets, and its client is reused across rounds — both in its favour.',
  'Ceilings: the same frames posted by a bare loop (50 in flight) to connection ids read beforehand, so they do no store work at all.',
  '"Touches off": the same broadcast({tenantId}) with `touch: {enabled: false}` — without the lastActiveAt UpdateItems the manager queues after each delivery (up to 1000 pending).',
  '"Delivery path alone": ours broadcasting to the fleet\'s ids with the connections read from an in-memory copy and activity touches off — the manager and the lean gateway without DynamoDB, to split ours\' time into delivery and store work.',
  'Methods are warmed up with one untimed round at the first size only; at later sizes each method instance starts cold, as a Lambda broadcasting to a new audience would (its JIT is warm, its status cache and socket pool are not).',
];
