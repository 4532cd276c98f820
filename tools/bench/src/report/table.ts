// The one table printed at the end of a run: every figure of every scenario, then the SPEC §6 rows.
import type { SuiteResult } from '../core/results';
import { formatBaseline, formatRatio, formatValue } from './format';

export function renderTable(suite: SuiteResult): string {
  const rows: string[][] = [['scenario', 'figure', 'value', 'baseline (same run)', 'ratio']];
  for (const s of suite.scenarios) {
    if (s.status === 'failed') rows.push([s.id, `FAILED: ${s.error ?? 'unknown error'}`, '', '', '']);
    for (const f of s.figures) rows.push([s.id, f.label, formatValue(f.value, f.unit), formatBaseline(f), formatRatio(f)]);
  }
  rows.push(['', '', '', '', '']);
  rows.push(['SPEC §6', 'measure', 'measured', 'target (seed floor)', 'met']);
  for (const r of suite.spec) {
    rows.push(['SPEC §6', r.measure, r.measured, `${r.target} (${r.seedFloor})`, r.met === undefined ? '—' : r.met ? 'yes' : 'NO']);
  }
  return align(rows);
}

function align(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
