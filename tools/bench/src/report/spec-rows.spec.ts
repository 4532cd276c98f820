import { figure, type ScenarioResult } from '../core/results';
import { judgeSpec, SPEC_ROWS } from './spec-rows';

function scenarioWith(figures: ReturnType<typeof figure>[]): ScenarioResult {
  return { id: 's', title: 'S', status: 'ok', durationMs: 1, params: {}, figures, notes: [] };
}

describe('judgeSpec', () => {
  it('marks rows without their figures as not run', () => {
    const rows = judgeSpec([], false);
    expect(rows).toHaveLength(SPEC_ROWS.length);
    expect(rows.every((r) => r.measured === 'not run' && r.met === undefined)).toBe(true);
  });

  it('judges a row on all of its figures and explains a miss in a full run', () => {
    const rows = judgeSpec([scenarioWith([figure('connect.es256.p99', 'ES256 p99', 4, 'ms'), figure('connect.rs256.p99', 'RS256 p99', 12, 'ms')])], false);
    const connect = rows.find((r) => r.measure.startsWith('$connect'));
    expect(connect).toMatchObject({ met: false, measured: '4 ms (ES256 p99), 12 ms (RS256 p99)' });
    expect(connect?.note).toMatch(/DynamoDB Local/);
  });

  it('says a quick run is not the place to judge a missed target', () => {
    const rows = judgeSpec([scenarioWith([figure('scale.sockets', 'sockets held', 50, 'sockets')])], true);
    expect(rows.find((r) => r.figureKeys.includes('scale.sockets'))).toMatchObject({ met: false, note: expect.stringMatching(/Quick mode/) });
  });

  it('explains a missed echo ceiling with the same run\'s store-call ceiling and CPU per frame', () => {
    const echo = [
      figure('echo.rate', 'echo frames/s', 120, 'msg/s'),
      figure('echo.store-calls.rate', 'store calls alone', 300, 'msg/s'),
      figure('echo.cpu.stack', 'stack CPU per frame', 6, 'ms'),
      figure('echo.cpu.dynamodb', 'DynamoDB Local CPU per frame', 4, 'ms'),
      figure('echo.cpu-bound', 'frames/s 2 cores would carry', 200, 'msg/s'),
    ];
    const row = judgeSpec([scenarioWith(echo)], false).find((r) => r.figureKeys.includes('echo.rate'));
    expect(row).toMatchObject({ met: false, measured: expect.stringContaining('120') });
    expect(row?.note).toMatch(/up to 300 msg\/s.*6 ms.*4 ms.*200 msg\/s/s);
  });

  it('leaves met rows without a note', () => {
    const rows = judgeSpec([scenarioWith([figure('send-overhead.overhead.p99', 'overhead p99', 0.1, 'ms')])], false);
    expect(rows[0]).toMatchObject({ met: true });
    expect(rows[0]?.note).toBeUndefined();
  });

  it('judges a quick run on the sizes it ran, and the bundle row on each ratio to the baseline', () => {
    const baseline = figure('cold-start.sdk.require', 'baseline', 100, 'ms');
    const bundles = ['connect', 'disconnect', 'router', 'processor', 'admin-connection-manager'].map((app, i) =>
      figure(`cold-start.${app}.require`, `${app} require()`, i === 2 ? 140 : 110, 'ms', baseline),
    );
    const quick = judgeSpec([scenarioWith([figure('broadcast.n100.ratio.vs-signed-ceiling', 'ours ÷ signed', 1.1, 'x'), ...bundles])], true);
    expect(quick.find((r) => r.figureKeys.includes('broadcast.n100.ratio.vs-signed-ceiling'))).toMatchObject({ met: true });
    expect(quick.find((r) => r.measure.startsWith('bundle require()'))).toMatchObject({ met: false, measured: expect.stringContaining('1.40×') });
    const full = judgeSpec([scenarioWith([figure('broadcast.n100.ratio.vs-signed-ceiling', 'ours ÷ signed', 1.1, 'x')])], false);
    expect(full.find((r) => r.measure.startsWith('broadcast({tenantId}) ÷ @smithy-signed'))).toMatchObject({ measured: 'not run' });
  });

  describe('store round trips and writes, with the default quotas and with them off', () => {
    const tally = (id: string, values: Record<string, number>) => Object.entries(values).map(([what, v]) => figure(`trips.${id}.${what}`, `${id}: ${what}`, v, 'count'));
    const figures = [
      ...tally('connect-es256', { 'round-trips': 1, calls: 1 }),
      ...tally('disconnect-bare', { 'round-trips': 2, calls: 3 }),
      ...tally('sync', { 'round-trips': 1, calls: 2, 'writes.mean': 1.5, 'writes.table': 1, 'writes.index': 0 }),
      ...tally('ack', { 'round-trips': 2, calls: 3 }),
      ...tally('connect-es256-quotas-off', { 'round-trips': 1, calls: 1 }),
      ...tally('disconnect-bare-quotas-off', { 'round-trips': 1, calls: 1 }),
      ...tally('sync-quotas-off', { 'round-trips': 1, calls: 1, 'writes.mean': 1, 'writes.table': 1, 'writes.index': 0 }),
      ...tally('ack-quotas-off', { 'round-trips': 2, calls: 2 }),
    ];
    const rows = judgeSpec([scenarioWith(figures)], false);
    const row = (start: string, end: string) => rows.find((r) => r.measure.startsWith(start) && r.measure.endsWith(end));

    it('judges each row on the figures of its own quota setting', () => {
      expect(row('store round trips', 'default quotas on')).toMatchObject({ met: false, figureKeys: ['trips.connect-es256.round-trips', 'trips.disconnect-bare.round-trips', 'trips.sync.round-trips', 'trips.ack.round-trips'] });
      expect(row('store round trips', 'quotas off (all four limits 0)')).toMatchObject({
        met: true,
        figureKeys: ['trips.connect-es256-quotas-off.round-trips', 'trips.disconnect-bare-quotas-off.round-trips', 'trips.sync-quotas-off.round-trips', 'trips.ack-quotas-off.round-trips'],
      });
    });

    it('judges writes per frame on the mean, which a write every other frame lifts over the target while the median stays at it', () => {
      expect(row('item writes', 'default quotas on')).toMatchObject({ met: false, measured: expect.stringMatching(/^1\.50 \(sync: writes\.mean\), 1 \(sync: writes\.table\), 0 /) });
      expect(row('item writes', 'quotas off (all four limits 0)')).toMatchObject({ met: true });
    });

    it('quotes the same run\'s quota-off figures in the notes of the default-quota rows', () => {
      const quoted = 'With quotas off (same run): 1 / 1 / 1 / 2 round trips, 1 write per frame (mean)';
      expect(row('store round trips', 'default quotas on')?.note).toContain(quoted);
      expect(row('store round trips', 'default quotas on')?.note).toContain('Calls per invocation: 1 / 3 / 2 / 3');
      expect(row('item writes', 'default quotas on')?.note).toContain(quoted);
      expect(row('item writes', 'default quotas on')?.note).toContain('1.50 per frame on average');
    });
  });
});
