// Number formatting shared by the terminal table and the markdown report.
import type { Figure, Unit } from '../core/results';

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  const text = formatNumber(value);
  switch (unit) {
    case 'x':
      return `${text}×`;
    case 'count':
      return text;
    default:
      return `${text} ${unit}`;
  }
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return '0';
  return value.toFixed(3);
}

export function formatBaseline(f: Figure): string {
  return f.baseline ? `${f.baseline.label}: ${formatValue(f.baseline.value, f.unit)}` : '';
}

export function formatRatio(f: Figure): string {
  return f.ratio === undefined ? '' : `${formatNumber(f.ratio)}×`;
}
