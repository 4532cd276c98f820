// The changes in libs and apps the measurements point to, each with the figures of the run that
// support it. Rendered into docs/benchmarks.md under "What would close the gaps".
import type { Figure, SuiteResult } from '../core/results';
import { formatValue } from './format';

type Find = (key: string) => Figure | undefined;

interface Recommendation {
  /** Figures the recommendation cites; it is left out when the run did not measure them. */
  evidence: string[];
  text(find: Find, v: (key: string) => string): string;
}

const RECOMMENDATIONS: readonly Recommendation[] = [];

export function recommendationsFor(suite: SuiteResult): string[] {
  const all = suite.scenarios.flatMap((s) => s.figures);
  const find: Find = (key) => all.find((f) => f.key === key);
  const v = (key: string): string => {
    const f = find(key);
    return f ? formatValue(f.value, f.unit) : 'n/a';
  };
  return RECOMMENDATIONS.filter((r) => r.evidence.every((key) => find(key) !== undefined)).map((r) => `- ${r.text(find, v)}`);
}
