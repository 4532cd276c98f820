// The broadcast chart of the report: throughput (frames per second) against the number of sockets N,
// one line per method (ours, the unsigned and @smithy-signed bare loops, the naive sample), drawn as a
// self-contained SVG from the run's `broadcast.n{N}.{method}.rate` figures. N is on a log scale.
import type { Figure, SuiteResult } from '../core/results';

/** The file the chart is written to, next to the markdown report, and linked from it. */
export const BROADCAST_CHART_FILE = 'benchmarks-broadcast.svg';

interface Series {
  method: string;
  label: string;
  color: string;
  dash?: string;
}

const SERIES: readonly Series[] = [
  { method: 'ours', label: 'ours: broadcast({tenantId})', color: '#1f77b4' },
  { method: 'unsigned', label: 'bare loop, unsigned', color: '#7f7f7f', dash: '2 4' },
  { method: 'signed', label: 'bare loop, @smithy-signed', color: '#2ca02c', dash: '6 4' },
  { method: 'naive', label: 'naive SDK Promise.all', color: '#d62728' },
];

const WIDTH = 640;
const HEIGHT = 360;
const PLOT = { left: 70, right: 200, top: 40, bottom: 50 };
const RATE = /^broadcast\.n(\d+)\.([a-z-]+)\.rate$/;

/** The points of each method, by N; undefined when the run measured fewer than one size. */
function pointsOf(figures: readonly Figure[]): Map<string, Array<[number, number]>> {
  const points = new Map<string, Array<[number, number]>>();
  for (const f of figures) {
    const match = RATE.exec(f.key);
    if (!match) continue;
    const list = points.get(match[2] as string) ?? [];
    list.push([Number(match[1]), f.value]);
    points.set(match[2] as string, list);
  }
  for (const list of points.values()) list.sort((a, b) => a[0] - b[0]);
  return points;
}

/** The SVG, or undefined when the run has no broadcast figures. */
export function renderBroadcastChart(suite: SuiteResult): string | undefined {
  const broadcast = suite.scenarios.find((s) => s.id === 'broadcast');
  const points = pointsOf(broadcast?.figures ?? []);
  const drawn = SERIES.filter((s) => (points.get(s.method)?.length ?? 0) > 0);
  if (drawn.length === 0) return undefined;
  const all = drawn.flatMap((s) => points.get(s.method) ?? []);
  const ns = [...new Set(all.map(([n]) => n))].sort((a, b) => a - b);
  const maxRate = niceCeiling(Math.max(...all.map(([, rate]) => rate)));
  const [minN, maxN] = [ns[0] as number, ns[ns.length - 1] as number];
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (n: number): number => PLOT.left + (minN === maxN ? plotW / 2 : ((Math.log10(n) - Math.log10(minN)) / (Math.log10(maxN) - Math.log10(minN))) * plotW);
  const y = (rate: number): number => PLOT.top + plotH - (rate / maxRate) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PLOT.left}" y="20" font-size="14" font-weight="bold">Broadcast throughput against N (${suite.mode} run, ${suite.startedAt.slice(0, 10)})</text>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top + plotH}" x2="${PLOT.left + plotW}" y2="${PLOT.top + plotH}" stroke="black"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.top + plotH}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const rate = (maxRate / 4) * i;
    parts.push(`<line x1="${PLOT.left}" y1="${y(rate)}" x2="${PLOT.left + plotW}" y2="${y(rate)}" stroke="#ddd"/>`);
    parts.push(`<text x="${PLOT.left - 6}" y="${y(rate) + 4}" text-anchor="end">${Math.round(rate).toLocaleString('en-US')}</text>`);
  }
  for (const n of ns) parts.push(`<text x="${x(n)}" y="${PLOT.top + plotH + 18}" text-anchor="middle">${n.toLocaleString('en-US')}</text>`);
  parts.push(`<text x="${PLOT.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">sockets N (log scale)</text>`);
  parts.push(`<text x="16" y="${PLOT.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${PLOT.top + plotH / 2})">frames per second</text>`);
  for (const [i, s] of drawn.entries()) {
    const line = (points.get(s.method) ?? []).map(([n, rate]) => `${x(n).toFixed(1)},${y(rate).toFixed(1)}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const point of line) {
      const [px, py] = point.split(',');
      parts.push(`<circle cx="${px}" cy="${py}" r="3" fill="${s.color}"/>`);
    }
    const ly = PLOT.top + 10 + i * 20;
    parts.push(`<line x1="${WIDTH - PLOT.right + 15}" y1="${ly}" x2="${WIDTH - PLOT.right + 40}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${WIDTH - PLOT.right + 45}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  }
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
