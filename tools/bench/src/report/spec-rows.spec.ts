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
});
