// A benchmark scenario: bounded work that returns figures, each with its same-run baseline.
import type { Printer } from './printer';
import type { Resources } from './resources';
import type { Figure } from './results';

export interface BenchContext {
  /** Small sizes, a few seconds per scenario. */
  quick: boolean;
  /** Smaller still (implies `quick`): every scenario's code path once, figures not worth judging (the test suite runs this). */
  smoke?: boolean;
  /** Workspace root. */
  root: string;
  printer: Printer;
  resources: Resources;
}

export interface ScenarioOutput {
  params: Record<string, number | string | boolean>;
  figures: Figure[];
  notes: string[];
}

export interface Scenario {
  id: string;
  title: string;
  /** A longer time limit than the suite's default, for a full run's largest sizes (ms). */
  fullLimitMs?: number;
  run(ctx: BenchContext): Promise<ScenarioOutput>;
}

/** Sizes of a scenario in smoke (quick's when it has none), quick and full mode. */
export function sized<T>(ctx: Pick<BenchContext, 'quick' | 'smoke'>, sizes: { smoke?: T; quick: T; full: T }): T {
  if (ctx.smoke === true && sizes.smoke !== undefined) return sizes.smoke;
  return ctx.quick ? sizes.quick : sizes.full;
}
