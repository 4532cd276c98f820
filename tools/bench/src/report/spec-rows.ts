// The rows of SPEC §6 and the figures each is judged on. Targets appear here only to be printed
// beside the measurement; every ratio is computed from baselines measured in the same run. A missed
// target gets a note built from the same run's figures: why, and what would close it.
import type { Figure, ScenarioResult, SpecRow } from '../core/results';
import { formatValue } from './format';

interface RowDefinition {
  measure: string;
  seedFloor: string;
  target: string;
  keys: string[];
  met(values: number[]): boolean;
  whyMissed(find: FigureFinder): string;
}

export type FigureFinder = (key: string) => Figure | undefined;

const every = (test: (v: number) => boolean) => (values: number[]) => values.every(test);

export const SPEC_ROWS: readonly RowDefinition[] = [
  {
    measure: 'send overhead excl. network, p99',
    seedFloor: '< 10 ms',
    target: '< 0.5 ms',
    keys: ['send-overhead.overhead.p99'],
    met: every((v) => v < 0.5),
    whyMissed: (find) =>
      `The manager's own path took ${value(find, 'send-overhead.send.p99')} at p99 against ${value(find, 'send-overhead.post.p99')} for the bare post: ` +
      'status cache, two circuits, the retry wrapper and touch scheduling per send. See "What would close the gaps" for the hot-path changes.',
  },
  {
    measure: 'broadcast to 100 connections (local gateway, loopback), median of rounds',
    seedFloor: '< 50 ms',
    target: '< 10 ms',
    keys: ['broadcast.n100.ours.time.p50'],
    met: every((v) => v < 10),
    whyMissed: (find) =>
      `The bare signed POST loop needed ${value(find, 'broadcast.n100.signed.time.p50')} (median) for the same 100 deliveries in this run: the gateway emulator, ` +
      'the 100 sockets and the sender share 2 cores, so no sender reaches 10 ms on this machine. Ours first waits for the tenant query on DynamoDB Local (nothing is posted before the first page arrives), ' +
      `then pays its per-broadcast set-up: its delivery path alone ran at ${value(find, 'broadcast.n100.ratio.delivery-path.vs-signed-ceiling')} of the ceiling at this size. ` +
      'A smaller first page (so posting starts sooner) with read-ahead behind it would bring ours toward the ceiling\'s time, not below it.',
  },
  {
    measure: 'broadcast throughput vs SigV4-signed plain keep-alive POST ceiling, same run',
    seedFloor: '—',
    target: '≥ 0.8×',
    keys: ['broadcast.judged.vs-signed-ceiling'],
    met: every((v) => v >= 0.8),
    whyMissed: (find) =>
      `Ours' delivery path alone (no store reads, no touches) reached ${value(find, 'broadcast.judged.delivery-path.vs-signed-ceiling')} of the ceiling at the same size and ours with touches off ${value(find, 'broadcast.judged.no-touch.vs-signed-ceiling')}: ` +
      'the gap is the activity touches (an UpdateItem per recipient, up to 1000 queued) a broadcast sets off, and the recipient query — pages of 100 from DynamoDB Local, each fetched only after the previous page is delivered, by a JVM on the same cores. ' +
      `Where only the sender's CPU counts (stub receiver), the manager's own per-delivery work shows: ${value(find, 'sender.ours-ids.rate')} against ${value(find, 'sender.signed.rate')} for the signed loop. ` +
      `Against the stub with 10 ms pages, one page of read-ahead took ours from ${value(find, 'sender.ours-paged.rate')} to ${value(find, 'sender.ours-paged-read-ahead.rate')}. ` +
      'Closing it: no activity touches for broadcast deliveries, read-ahead in the store\'s paging iterator, larger pages (or an id-only projection) for broadcast recipients, and the hot-path changes listed below.',
  },
  {
    measure: 'broadcast throughput vs naive SDK Promise.all (AWS sample style), same run',
    seedFloor: '1×',
    target: '≥ 2.5×',
    keys: ['broadcast.judged.vs-naive'],
    met: every((v) => v >= 2.5),
    whyMissed: (find) =>
      `The signed ceiling itself was only ${value(find, 'broadcast.judged.signed-ceiling.vs-naive')} the naive broadcast at the same size ` +
      `(against the stub: naive ${value(find, 'sender.naive.rate')}, signed ${value(find, 'sender.signed.rate')}), ` +
      'so no broadcast bounded by the @smithy-signed POST rate can reach 2.5× here: the naive sample\'s Promise.all already overlaps the SDK\'s middleware with I/O. ' +
      `The rest of the gap is the one in the row above. Reaching 2.5× needs a cheaper signing step: a purpose-built SigV4 signer (prototype, same Authorization header as the SDK's signer) posted ${value(find, 'sender.lean-signed.rate')} ` +
      `against the stub, ${ratioOf(find, 'sender.lean-signed.vs-naive')} the naive.`,
  },
  {
    measure: '$connect incl. JWT verify + store, p99 (ES256, RS256)',
    seedFloor: '< 50 ms',
    target: '< 10 ms',
    keys: ['connect.es256.p99', 'connect.rs256.p99'],
    met: every((v) => v < 10),
    whyMissed: (find) => storeNote(find, ['connect.es256.p99', 'connect.rs256.p99'], ['connect.es256.store-calls.p99', 'connect.rs256.store-calls.p99'], 'one PutItem'),
  },
  {
    measure: '$disconnect, p99',
    seedFloor: '< 20 ms',
    target: '< 5 ms',
    keys: ['disconnect.p99'],
    met: every((v) => v < 5),
    whyMissed: (find) => storeNote(find, ['disconnect.p99'], ['disconnect.store-calls.p99'], 'an UpdateItem beside a Query and delete of the subscriptions'),
  },
  {
    measure: 'async ack (router), p99',
    seedFloor: '—',
    target: '< 15 ms',
    keys: ['router.ack.p99'],
    met: every((v) => v < 15),
    whyMissed: (find) =>
      `${storeNote(find, ['router.ack.p99'], ['router.store-calls.p99'], 'three sequential calls (connection read, token-bucket update, request transaction; plus the manager\'s status read on a connection\'s first reply)')} ` +
      'The connection read can be folded into the token-bucket UpdateItem (ReturnValues ALL_NEW), and the status read skipped for a reply to the calling socket.',
  },
  {
    measure: 'local stack end to end: echo frames/s at p99 < 100 ms',
    seedFloor: '—',
    target: '≥ 500/s',
    keys: ['echo.rate'],
    met: every((v) => v >= 500),
    whyMissed: (find) =>
      `The router's DynamoDB work for one echo frame, made alone from the benchmark on the same DynamoDB Local, held p99 < 100 ms up to ${value(find, 'echo.store-calls.rate')} in this run. ` +
      `Per frame the stack process spent ${value(find, 'echo.cpu.stack')} of CPU (gateway and management-API emulators, the router Lambda with its SDK clients) and DynamoDB Local's JVM ${value(find, 'echo.cpu.dynamodb')}: ` +
      `${value(find, 'echo.cpu-bound')} on otherwise idle cores, before the client and the machine's other load take their share. ` +
      'Fewer store round trips per frame (the connection read folded into the token update) and a leaner management-API signer cut both; DynamoDB in-region has no such ceiling.',
  },
  {
    measure: 'concurrent operations: open sockets on the local stack',
    seedFloor: '1000',
    target: '10 000',
    keys: ['scale.sockets'],
    met: every((v) => v >= 10_000),
    whyMissed: (find) => `The run held ${value(find, 'scale.sockets')}; the scale scenario's notes say what stopped it (open-files limit, memory or connect errors).`,
  },
];

export function judgeSpec(scenarios: readonly ScenarioResult[], quick: boolean): SpecRow[] {
  const all = scenarios.flatMap((s) => s.figures);
  const find: FigureFinder = (key) => all.find((f) => f.key === key);
  return SPEC_ROWS.map((def) => {
    const found = def.keys.map(find);
    const base = { measure: def.measure, seedFloor: def.seedFloor, target: def.target, figureKeys: def.keys };
    if (found.some((f) => f === undefined)) return { ...base, measured: 'not run' };
    const figures = found as Figure[];
    const met = def.met(figures.map((f) => f.value));
    const row: SpecRow = { ...base, measured: figures.map(describe).join(', '), met };
    if (!met) row.note = quick ? 'Quick mode runs at small sizes on a busy machine; judge targets on a full run.' : def.whyMissed(find);
    return row;
  });
}

function describe(f: Figure): string {
  return `${formatValue(f.value, f.unit)} (${f.label})`;
}

function value(find: FigureFinder, key: string): string {
  const f = find(key);
  return f ? formatValue(f.value, f.unit) : 'n/a';
}

/** The ratio of a figure to its baseline, e.g. "2.10×". */
function ratioOf(find: FigureFinder, key: string): string {
  const ratio = find(key)?.ratio;
  return ratio === undefined ? 'n/a' : formatValue(ratio, 'x');
}

function storeNote(find: FigureFinder, keys: string[], baselineKeys: string[], work: string): string {
  const list = (ks: string[]): string => ks.map((k) => value(find, k)).join(' / ');
  return (
    `The handler p99 (${list(keys)}) is mostly DynamoDB Local answering ${work}: the same store calls made from the benchmark took p99 ${list(baselineKeys)} in this run. ` +
    'DynamoDB Local is a JVM on the same 2 shared cores (a few ms per call when idle, tens under load); DynamoDB in-region answers these calls in single-digit ms. ' +
    'The handler\'s own share is the difference between the two.'
  );
}
