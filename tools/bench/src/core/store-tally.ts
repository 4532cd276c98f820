// Per-invocation store accounting of a handler run: the DynamoDB calls each invocation made (counted
// by the store's middleware in the Lambda child), the write capacity DynamoDB Local reported for them
// per table and index, and the handler's own time (its duration minus the time its store calls were in
// flight, same invocation; again with its management-API calls also taken out, which leaves the
// handler's CPU; and again without the stalls the machine put in it: waits for a core and GC pauses,
// lambda/stalls.ts). Counts are machine-independent.
import type { StoreCall } from '@streamer/store/local';
import type { InvokeReport, OutboundCall } from '../lambda/invoke-child';
import type { Stalls } from '../lambda/stalls';
import { figure, type Figure } from './results';
import { LatencyHistogram, median } from './histogram';

/** Figure keys are `trips.<operation id>.<what>`; the report renders them as one table. */
export const TRIPS_PREFIX = 'trips.';

/**
 * The quotas the Lambda child ran with: the defaults (docs/quotas.md), or all four limits at 0, which
 * turns each off with its store call. A tally of a run with the quotas off has the operation's id and
 * label with `QUOTAS_OFF`'s suffixes (`trips.sync-quotas-off.round-trips`); a default-quota tally keeps them plain.
 */
export type QuotaSetting = 'default' | 'off';

export const QUOTAS_OFF = { idSuffix: '-quotas-off', labelSuffix: ', quotas off' } as const;

/** What the report calls each setting. */
export const QUOTA_SETTING_NAMES: Readonly<Record<QuotaSetting, string>> = { default: 'default quotas', off: 'quotas off' };

/** A tally's id (`sync-quotas-off`) → the operation's id (`sync`) and the quotas it ran with. */
export function parseTallyId(id: string): { operation: string; quotas: QuotaSetting } {
  return id.endsWith(QUOTAS_OFF.idSuffix) ? { operation: id.slice(0, -QUOTAS_OFF.idSuffix.length), quotas: 'off' } : { operation: id, quotas: 'default' };
}

/** A tally figure's label (`sync frame (ping), quotas off: store calls …`) → the operation's name (`sync frame (ping)`). */
export function operationName(figureLabel: string): string {
  const name = figureLabel.split(':')[0] ?? '';
  return name.endsWith(QUOTAS_OFF.labelSuffix) ? name.slice(0, -QUOTAS_OFF.labelSuffix.length) : name;
}

export class StoreTally {
  readonly id: string;
  readonly label: string;
  private readonly own = new LatencyHistogram();
  private readonly ownWithoutPosts = new LatencyHistogram();
  private readonly ownWithoutStalls = new LatencyHistogram();
  private readonly stalled: number[] = [];
  private readonly trips: number[] = [];
  private readonly calls: number[] = [];
  private readonly posts: number[] = [];
  private readonly tableWrites: number[] = [];
  private readonly indexWrites: number[] = [];
  private readonly byOperation = new Map<string, number[]>();

  /** `label` names the operation in the report, e.g. "$disconnect (no subscriptions)"; `quotas`: what its Lambda child ran with. */
  constructor(id: string, label: string, quotas: QuotaSetting = 'default') {
    this.id = quotas === 'off' ? `${id}${QUOTAS_OFF.idSuffix}` : id;
    this.label = quotas === 'off' ? `${label}${QUOTAS_OFF.labelSuffix}` : label;
  }

  record(durationMs: number, calls: readonly StoreCall[], gatewayCalls: readonly OutboundCall[] = [], stalls?: Stalls): void {
    const own = Math.max(0, durationMs - inFlightMs(calls));
    this.own.record(own);
    if (stalls !== undefined) {
      this.ownWithoutStalls.record(Math.max(0, own - stalls.runQueueMs - stalls.gcMs));
      this.stalled.push(stalls.runQueueMs + stalls.gcMs);
    }
    this.ownWithoutPosts.record(Math.max(0, durationMs - inFlightMs([...calls, ...gatewayCalls])));
    this.trips.push(roundTrips(calls));
    this.calls.push(calls.length);
    this.posts.push(gatewayCalls.length);
    this.tableWrites.push(sum(calls.map((c) => c.tableWriteUnits ?? 0)));
    this.indexWrites.push(sum(calls.flatMap((c) => Object.values(c.indexWriteUnits ?? {}))));
    const seen = new Map<string, number>();
    for (const { operation } of calls) seen.set(operation, (seen.get(operation) ?? 0) + 1);
    for (const operation of new Set([...this.byOperation.keys(), ...seen.keys()])) {
      const list = this.byOperation.get(operation) ?? Array.from({ length: this.trips.length - 1 }, () => 0);
      list.push(seen.get(operation) ?? 0);
      this.byOperation.set(operation, list);
    }
  }

  /** Each invocation of a report: its duration with its store calls and management-API calls. */
  recordAll(report: Pick<InvokeReport, 'durationsMs' | 'storeCalls' | 'gatewayCalls' | 'stalls'>): void {
    const { durationsMs, storeCalls, gatewayCalls, stalls } = report;
    if (storeCalls === undefined) throw new Error(`${this.label}: the Lambda child was not counting store calls`);
    durationsMs.forEach((ms, i) => this.record(ms, storeCalls[i] ?? [], gatewayCalls?.[i] ?? [], stalls?.[i]));
  }

  figures(): Figure[] {
    if (this.trips.length === 0) return [];
    const key = (what: string) => `${TRIPS_PREFIX}${this.id}.${what}`;
    const own = this.own.summary();
    const cpu = this.ownWithoutPosts.summary();
    const unstalled = this.stalled.length > 0 ? this.ownWithoutStalls.summary() : undefined;
    const operations = [...this.byOperation].sort(([a], [b]) => a.localeCompare(b));
    return [
      figure(key('round-trips'), `${this.label}: store round trips per invocation (median; calls in flight together count once)`, median(this.trips), 'count'),
      figure(key('round-trips.max'), `${this.label}: store round trips per invocation (max)`, Math.max(...this.trips), 'count'),
      figure(key('calls'), `${this.label}: store calls per invocation (median)`, median(this.calls), 'count'),
      ...operations.map(([operation, counts]) => figure(key(`calls.${kebab(operation)}`), `${this.label}: ${operation} calls (median)`, median(counts), 'count')),
      figure(key('writes.table'), `${this.label}: table write units (median, DynamoDB Local's ConsumedCapacity)`, median(this.tableWrites), 'count'),
      figure(key('writes.index'), `${this.label}: index write units (median)`, median(this.indexWrites), 'count'),
      figure(key('writes.mean'), `${this.label}: write units per invocation, table and indexes (mean)`, mean(this.tableWrites) + mean(this.indexWrites), 'count'),
      figure(key('gateway-calls'), `${this.label}: management-API calls per invocation (median)`, median(this.posts), 'count'),
      figure(key('own.p50'), `${this.label}: handler's own time p50 (minus its store calls)`, own.p50Ms, 'ms'),
      figure(key('own.p99'), `${this.label}: handler's own time p99`, own.p99Ms, 'ms'),
      figure(key('own-cpu.p50'), `${this.label}: handler's own time p50, management-API calls also taken out`, cpu.p50Ms, 'ms'),
      figure(key('own-cpu.p99'), `${this.label}: handler's own time p99, management-API calls also taken out`, cpu.p99Ms, 'ms'),
      ...(unstalled === undefined
        ? []
        : [
            figure(key('stalls.percent'), `${this.label}: per cent of invocations whose own time held over 0.1 ms of stalls (waits for a core, GC pauses)`, percentOver(this.stalled, 0.1), 'count'),
            figure(key('own-unstalled.p50'), `${this.label}: handler's own time p50 without its stalls (waits for a core, GC pauses)`, unstalled.p50Ms, 'ms'),
            figure(key('own-unstalled.p99'), `${this.label}: handler's own time p99 without its stalls`, unstalled.p99Ms, 'ms'),
          ]),
    ];
  }
}

/**
 * Sequential round trips: the waits an invocation made on the store, calls in flight together (started
 * before the ones already out came back) counting once.
 */
export function roundTrips(calls: readonly OutboundCall[]): number {
  const spans = calls.map((c) => [c.startedAt, c.startedAt + c.durationMs] as const).sort((a, b) => a[0] - b[0]);
  let trips = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (from >= end) trips += 1;
    end = from >= end ? to : Math.max(end, to);
  }
  return trips;
}

/** Time during which at least one of `calls` was in flight (overlapping calls count once). */
export function inFlightMs(calls: readonly OutboundCall[]): number {
  return mergedSpans(calls).reduce((total, [from, to]) => total + to - from, 0);
}

/** The calls' [start, end] spans in time order, overlapping ones merged. */
export function mergedSpans(calls: readonly OutboundCall[]): Array<[number, number]> {
  const spans = calls.map((c): [number, number] => [c.startedAt, c.startedAt + c.durationMs]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** `UpdateItem` → `update-item` (figure keys are lower case). */
function kebab(operation: string): string {
  return operation.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** `update-item` → `UpdateItem`. */
export function pascal(key: string): string {
  return key.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The per cent of `values` over `threshold`. */
function percentOver(values: readonly number[], threshold: number): number {
  return (100 * values.filter((v) => v > threshold).length) / values.length;
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}
