// The rows of SPEC §6 and the figures each is judged on. Targets appear here only to be printed
// beside the measurement; every ratio is computed from baselines measured in the same run.
import type { Figure, ScenarioResult, SpecRow } from '../core/results';
import { formatValue } from './format';

interface RowDefinition {
  measure: string;
  seedFloor: string;
  target: string;
  keys: string[];
  met(values: number[]): boolean;
  /** Why a missed target was missed and what would close it, from the figures of the run. */
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
    whyMissed: () => 'The manager\'s own path (status cache, two circuits, retry wrapper, touch scheduling) costs more than 0.5 ms at p99 on this machine; see the recommendations.',
  },
  {
    measure: 'broadcast to 100 connections (local gateway, loopback), median of rounds',
    seedFloor: '< 50 ms',
    target: '< 10 ms',
    keys: ['broadcast.n100.ours.time.p50'],
    met: every((v) => v < 10),
    whyMissed: (find) => broadcast100Note(find),
  },
  {
    measure: 'broadcast throughput vs SigV4-signed plain keep-alive POST ceiling, same run',
    seedFloor: '—',
    target: '≥ 0.8×',
    keys: ['broadcast.largest.vs-signed-ceiling'],
    met: every((v) => v >= 0.8),
    whyMissed: (find) => ceilingNote(find),
  },
  {
    measure: 'broadcast throughput vs naive SDK Promise.all (AWS sample style), same run',
    seedFloor: '1×',
    target: '≥ 2.5×',
    keys: ['broadcast.largest.vs-naive'],
    met: every((v) => v >= 2.5),
    whyMissed: (find) => naiveNote(find),
  },
  {
    measure: '$connect incl. JWT verify + store, p99 (ES256, RS256)',
    seedFloor: '< 50 ms',
    target: '< 10 ms',
    keys: ['connect.es256.p99', 'connect.rs256.p99'],
    met: every((v) => v < 10),
    whyMissed: (find) => storeNote(find, ['connect.es256.p99', 'connect.rs256.p99'], 'connect.rs256.store-calls.p99', 'a PutItem'),
  },
  {
    measure: '$disconnect, p99',
    seedFloor: '< 20 ms',
    target: '< 5 ms',
    keys: ['disconnect.p99'],
    met: every((v) => v < 5),
    whyMissed: (find) => storeNote(find, ['disconnect.p99'], 'disconnect.store-calls.p99', 'an UpdateItem beside a Query and delete of the subscriptions'),
  },
  {
    measure: 'async ack (router), p99',
    seedFloor: '—',
    target: '< 15 ms',
    keys: ['router.ack.p99'],
    met: every((v) => v < 15),
    whyMissed: (find) => storeNote(find, ['router.ack.p99'], 'router.store-calls.p99', 'four sequential calls (connection read, token-bucket update, request transaction, the manager\'s status read)'),
  },
  {
    measure: 'concurrent operations: open sockets on the local stack',
    seedFloor: '1000',
    target: '10 000',
    keys: ['scale.sockets'],
    met: every((v) => v >= 10_000),
    whyMissed: (find) => scaleNote(find),
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
    if (!met) row.note = quick ? 'Quick mode runs at small sizes; judge targets on a full run.' : def.whyMissed(find);
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

function broadcast100Note(find: FigureFinder): string {
  return (
    `Ours took ${value(find, 'broadcast.n100.ours.time.p50')} for 100 sockets while the signed plain-POST loop took ` +
    `${value(find, 'broadcast.n100.signed.time.p50')} for the same 100 deliveries: the time is the gateway emulator and ` +
    'the sockets on 2 shared cores plus the tenant query, not the manager. Closing it needs a faster gateway emulator, or less per-recipient work (see recommendations).'
  );
}

function ceilingNote(find: FigureFinder): string {
  return (
    `At the largest N, ours delivered ${value(find, 'broadcast.largest.ours.rate')} against a signed ceiling of ` +
    `${value(find, 'broadcast.largest.signed.rate')}. The difference is per-recipient work on the same core as the ` +
    'emulator: the store page reads, the opossum breaker fire, the retry wrapper and the activity touch queued after every successful post (see recommendations).'
  );
}

function naiveNote(find: FigureFinder): string {
  return `Ours ${value(find, 'broadcast.largest.ours.rate')} vs naive ${value(find, 'broadcast.largest.naive.rate')} at the largest N.`;
}

function storeNote(find: FigureFinder, keys: string[], baselineKey: string, work: string): string {
  const measured = keys.map((k) => value(find, k)).join(' / ');
  return (
    `The handler p99 (${measured}) is mostly DynamoDB Local answering ${work}: the same store calls made back to back from the ` +
    `benchmark took p99 ${value(find, baselineKey)} in this run. DynamoDB Local is a JVM on the same 2 shared cores ` +
    '(single-digit ms per call when idle, tens under load); DynamoDB in-region answers such calls in a few ms. The handler\'s own share is the difference; see the recommendations for the calls that can go.'
  );
}

function scaleNote(find: FigureFinder): string {
  return `The run held ${value(find, 'scale.sockets')}; see the scale scenario's notes for what limited it.`;
}
