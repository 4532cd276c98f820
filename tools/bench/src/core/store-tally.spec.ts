import type { StoreCall } from '@streamer/store/local';
import { renderMarkdown } from '../report/markdown';
import type { Figure } from './results';
import { inFlightMs, operationName, parseTallyId, roundTrips, StoreTally } from './store-tally';

const call = (operation: string, startedAt: number, durationMs: number, writes: Partial<StoreCall> = {}): StoreCall => ({ operation, startedAt, durationMs, ...writes });

function suiteWith(figures: Figure[]): Parameters<typeof renderMarkdown>[0] {
  const scenario = { id: 'router', title: 'Router', status: 'ok' as const, durationMs: 1, params: {}, figures, notes: [] };
  const machine = { cpuModel: 'cpu', cores: 2, memoryGiB: 4, freeMemoryGiB: 2, os: 'linux', node: 'v20', loadAtStart: [0, 0, 0], loadAtEnd: [0, 0, 0], openFilesLimit: 1024 };
  return { mode: 'quick', startedAt: 'now', durationMs: 1, machine, scenarios: [scenario], spec: [] };
}

describe('StoreTally', () => {
  it('counts the time store calls were in flight once, however they overlap', () => {
    expect(inFlightMs([call('UpdateItem', 0, 4), call('Query', 2, 4), call('BatchWriteItem', 10, 1)])).toBe(7);
    expect(inFlightMs([call('UpdateItem', 0, 10), call('Query', 2, 3)])).toBe(10);
    expect(inFlightMs([])).toBe(0);
  });

  it('counts calls in flight together as one round trip', () => {
    expect(roundTrips([call('UpdateItem', 0, 4), call('UpdateItem', 1, 4), call('TransactWriteItems', 6, 2)])).toBe(2);
    expect(roundTrips([call('UpdateItem', 0, 4), call('Query', 4, 1)])).toBe(2);
    expect(roundTrips([call('UpdateItem', 0, 10), call('Query', 2, 3), call('Query', 6, 3)])).toBe(1);
    expect(roundTrips([])).toBe(0);
  });

  it('reports round trips, calls per operation and write units per invocation, and the handler time left over', () => {
    const tally = new StoreTally('disconnect', '$disconnect');
    tally.recordAll({
      durationsMs: [10, 12, 9],
      storeCalls: [
        [call('UpdateItem', 0, 4, { tableWriteUnits: 1, indexWriteUnits: { A: 2, B: 2 } }), call('BatchWriteItem', 5, 3, { tableWriteUnits: 1, indexWriteUnits: { C: 1 } })],
        [call('UpdateItem', 0, 4, { tableWriteUnits: 1, indexWriteUnits: { A: 2, B: 2 } })],
        [call('UpdateItem', 0, 4, { tableWriteUnits: 1, indexWriteUnits: { A: 2, B: 2 } })],
      ],
    });
    const values = Object.fromEntries(tally.figures().map((f) => [f.key, f.value]));
    expect(values).toMatchObject({
      'trips.disconnect.round-trips': 1,
      'trips.disconnect.calls': 1,
      'trips.disconnect.round-trips.max': 2,
      'trips.disconnect.calls.update-item': 1,
      'trips.disconnect.calls.batch-write-item': 0,
      'trips.disconnect.writes.table': 1,
      'trips.disconnect.writes.index': 4,
      'trips.disconnect.writes.mean': 5.67,
      'trips.disconnect.own.p50': 5,
    });
  });

  it('reports the mean write units per invocation, which a write made every few invocations moves and the median does not', () => {
    const tally = new StoreTally('sync', 'sync frame');
    const frame = call('UpdateItem', 0, 1, { tableWriteUnits: 1 });
    const counted = call('UpdateItem', 0, 1, { tableWriteUnits: 1, indexWriteUnits: {} });
    for (let i = 0; i < 4; i++) tally.record(2, i === 3 ? [frame, counted] : [frame]);
    const values = Object.fromEntries(tally.figures().map((f) => [f.key, f.value]));
    expect(values).toMatchObject({ 'trips.sync.writes.table': 1, 'trips.sync.writes.index': 0, 'trips.sync.writes.mean': 1.25 });
  });

  it('names a tally of a Lambda run with the quotas off apart from the default one, and reads the name back', () => {
    const tally = new StoreTally('disconnect-bare', '$disconnect (no subscriptions)', 'off');
    tally.record(2, [call('UpdateItem', 0, 1)]);
    const [roundTripsFigure] = tally.figures();
    expect(roundTripsFigure).toMatchObject({ key: 'trips.disconnect-bare-quotas-off.round-trips', label: expect.stringMatching(/^\$disconnect \(no subscriptions\), quotas off: /) });
    expect(parseTallyId('disconnect-bare-quotas-off')).toEqual({ operation: 'disconnect-bare', quotas: 'off' });
    expect(parseTallyId('disconnect-bare')).toEqual({ operation: 'disconnect-bare', quotas: 'default' });
    expect(operationName(roundTripsFigure?.label ?? '')).toBe('$disconnect (no subscriptions)');
    expect(new StoreTally('sync', 'sync frame').id).toBe('sync');
  });

  it('also reports the handler time without its management-API calls, overlaps with store calls counted once', () => {
    const tally = new StoreTally('ack', 'async ack');
    tally.recordAll({
      durationsMs: [10, 10],
      storeCalls: [[call('UpdateItem', 0, 3)], [call('UpdateItem', 0, 3)]],
      gatewayCalls: [[{ startedAt: 5, durationMs: 2 }], [{ startedAt: 2, durationMs: 2 }]],
    });
    const values = Object.fromEntries(tally.figures().map((f) => [f.key, f.value]));
    expect(values).toMatchObject({ 'trips.ack.gateway-calls': 1, 'trips.ack.own.p50': 7, 'trips.ack.own-cpu.p50': 5 });
    expect(values['trips.ack.own-cpu.p99']).toBeCloseTo(6, 1);
  });

  it('takes the stalls of an invocation (waits for a core, GC pauses) out of its own time, and counts the stalled ones', () => {
    const tally = new StoreTally('connect', '$connect');
    tally.recordAll({
      durationsMs: [10, 10, 10, 10],
      storeCalls: [[call('PutItem', 0, 4)], [call('PutItem', 0, 4)], [call('PutItem', 0, 4)], [call('PutItem', 0, 4)]],
      stalls: [
        { runQueueMs: 0, gcMs: 0 },
        { runQueueMs: 2, gcMs: 1 },
        { runQueueMs: 0.05, gcMs: 0 },
        { runQueueMs: 9, gcMs: 0 },
      ],
    });
    const values = Object.fromEntries(tally.figures().map((f) => [f.key, f.value]));
    expect(values).toMatchObject({ 'trips.connect.own.p99': 6, 'trips.connect.stalls.percent': 50 });
    expect(values['trips.connect.own-unstalled.p50']).toBeCloseTo(3, 1);
    expect(values['trips.connect.own-unstalled.p99']).toBeCloseTo(6, 1);
  });

  it('leaves the stall figures out when the Lambda child did not measure them', () => {
    const tally = new StoreTally('sync', 'sync frame');
    tally.record(3, [call('UpdateItem', 0, 1)]);
    expect(tally.figures().map((f) => f.key)).not.toContain('trips.sync.own-unstalled.p99');
  });

  it('refuses a report without counted calls', () => {
    expect(() => new StoreTally('x', 'x').recordAll({ durationsMs: [1] })).toThrow('not counting');
  });

  it('renders one report row per counted operation and quota setting, the default quotas\' first', () => {
    const off = new StoreTally('sync', 'sync frame', 'off');
    off.record(3, [call('UpdateItem', 0, 1, { tableWriteUnits: 1, indexWriteUnits: {} })]);
    const ack = new StoreTally('ack', 'async ack');
    ack.record(5, [call('UpdateItem', 0, 1), call('TransactWriteItems', 1, 1)]);
    const sync = new StoreTally('sync', 'sync frame');
    sync.record(3, [call('UpdateItem', 0, 1, { tableWriteUnits: 1 }), call('UpdateItem', 0, 1, { tableWriteUnits: 1 })]);
    sync.record(3, [call('UpdateItem', 0, 1, { tableWriteUnits: 1 })]);
    const figures = [...sync.figures(), ...ack.figures(), ...off.figures()];
    const lines = renderMarkdown(suiteWith(figures)).split('\n').filter((line) => /^\| (sync frame|async ack) /.test(line));
    expect(lines).toEqual([
      '| sync frame | default quotas | 1 / 1 | UpdateItem 1.50 | 1.50 + 0 (1.50) | 2 / 2 ms | 2 / 2 ms (0) | — |',
      '| sync frame | quotas off | 1 / 1 | UpdateItem 1 | 1 + 0 (1) | 2 / 2 ms | 2 / 2 ms (0) | — |',
      '| async ack | default quotas | 2 / 2 | TransactWriteItems 1, UpdateItem 1 | 0 + 0 (0) | 3 / 3 ms | 3 / 3 ms (0) | — |',
    ]);
  });
});
