import { figure, type SuiteResult } from '../core/results';
import { renderBroadcastChart } from './chart';

function suiteWith(figures: ReturnType<typeof figure>[]): SuiteResult {
  const machine = {} as SuiteResult['machine'];
  return { mode: 'full', startedAt: '2026-12-06T18:00:00.000Z', durationMs: 1, machine, spec: [], scenarios: [{ id: 'broadcast', title: 'B', status: 'ok', durationMs: 1, params: {}, figures, notes: [] }] };
}

describe('renderBroadcastChart', () => {
  it('draws one line per method through its rate at each N, with a legend', () => {
    const rates = [
      figure('broadcast.n100.ours.rate', 'ours', 2000, 'msg/s'),
      figure('broadcast.n1000.ours.rate', 'ours', 4000, 'msg/s'),
      figure('broadcast.n100.signed.rate', 'signed', 3000, 'msg/s'),
      figure('broadcast.n1000.signed.rate', 'signed', 3500, 'msg/s'),
      figure('broadcast.n100.naive.rate', 'naive', 1000, 'msg/s'),
      figure('broadcast.n1000.ours.rate-vs-naive', 'not a rate line', 4000, 'msg/s'),
    ];
    const svg = renderBroadcastChart(suiteWith(rates)) ?? '';
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    for (const label of ['ours: broadcast({tenantId})', 'bare loop, @smithy-signed', 'naive SDK Promise.all']) expect(svg).toContain(label);
    expect(svg).not.toContain('bare loop, unsigned');
    // The highest rate (4 000) sits on the top of a 5 000 scale; 100 and 1 000 at both ends of the x axis.
    expect(svg).toContain('>5,000<');
    expect(svg).toContain('>1,000</text>');
  });

  it('draws nothing for a run without broadcast figures', () => {
    expect(renderBroadcastChart(suiteWith([]))).toBeUndefined();
  });
});
