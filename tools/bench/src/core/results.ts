// What a benchmark run produces: figures per scenario (each with its same-run baseline and ratio),
// the machine it ran on, and the SPEC §6 rows judged against their targets.
import type { MachineInfo } from './machine';

export type Unit = 'ms' | 'msg/s' | 'conn/s' | 'sockets' | 'KiB' | 'MiB' | 'count' | 'x';

export interface Baseline {
  /** Key of the baseline figure, measured in the same run. */
  key: string;
  label: string;
  value: number;
}

export interface Figure {
  /** Stable id, e.g. `broadcast.n1000.ours.rate`. */
  key: string;
  label: string;
  value: number;
  unit: Unit;
  baseline?: Baseline;
  /** value / baseline.value. */
  ratio?: number;
}

export type ScenarioStatus = 'ok' | 'failed';

export interface ScenarioResult {
  id: string;
  title: string;
  status: ScenarioStatus;
  durationMs: number;
  /** Sizes and settings the scenario ran with. */
  params: Record<string, number | string | boolean>;
  figures: Figure[];
  notes: string[];
  error?: string;
}

export interface SpecRow {
  measure: string;
  seedFloor: string;
  target: string;
  /** The measured figure as printed, or 'not run'. */
  measured: string;
  /** Keys of the figures the row was judged on. */
  figureKeys: string[];
  /** Whether the target was met; undefined when not measured. */
  met?: boolean;
  /** For a missed target: why, and what would close it. */
  note?: string;
}

export interface SuiteResult {
  mode: 'smoke' | 'quick' | 'full';
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  scenarios: ScenarioResult[];
  spec: SpecRow[];
}

/** A figure, with its ratio to `baseline` when one is given (no ratio against a zero baseline). */
export function figure(key: string, label: string, value: number, unit: Unit, baseline?: Figure): Figure {
  const result: Figure = { key, label, value: round(value), unit };
  if (baseline) {
    result.baseline = { key: baseline.key, label: baseline.label, value: baseline.value };
    if (baseline.value !== 0) result.ratio = round(value / baseline.value);
  }
  return result;
}

/** Three significant decimals for small numbers, whole numbers for large ones. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value);
  if (magnitude >= 1) return Math.round(value * 100) / 100;
  return Math.round(value * 10_000) / 10_000;
}
