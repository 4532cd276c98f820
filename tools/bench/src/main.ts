// `npm run bench`: runs the benchmark suite, prints one table, writes bench/results.json and
// docs/benchmarks.md with its broadcast chart beside it (a quick run: under tmp/bench-quick/; paths
// configurable; `--from` re-renders an earlier run). Exits 1 when a scenario
// failed, 2 on bad arguments.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import { parseCli } from './cli';
import { consolePrinter } from './core/printer';
import type { SuiteResult } from './core/results';
import { BROADCAST_CHART_FILE, renderBroadcastChart } from './report/chart';
import { renderMarkdown } from './report/markdown';
import { recommendationsFor } from './report/recommendations';
import { judgeSpec } from './report/spec-rows';
import { renderTable } from './report/table';
import { runSuite, selectScenarios } from './suite';

async function main(): Promise<number> {
  // Node 20 is supported here; the SDK's warning about its future releases is noise in every process.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const root = workspaceRoot();
  let options;
  try {
    options = parseCli(process.argv.slice(2), root);
    selectScenarios(options.only);
  } catch (error) {
    consolePrinter().out(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const printer = consolePrinter({ quiet: options.quiet });
  const suite = options.from ? rejudged(options.from) : await runSuite({ quick: options.quick, smoke: options.smoke, only: options.only, root, printer, dynamodbEndpoint: options.dynamodbEndpoint });
  write(options.jsonPath, `${JSON.stringify(suite, null, 2)}\n`);
  const chart = renderBroadcastChart(suite);
  if (chart) write(join(dirname(options.markdownPath), BROADCAST_CHART_FILE), chart);
  write(options.markdownPath, renderMarkdown(suite, recommendationsFor(suite), chart ? { broadcast: BROADCAST_CHART_FILE } : {}));
  printer.out(renderTable(suite));
  printer.out(`\nsuite took ${(suite.durationMs / 1000).toFixed(1)} s; wrote ${options.jsonPath} and ${options.markdownPath}${chart ? ` (chart: ${BROADCAST_CHART_FILE} beside it)` : ''}`);
  return failed(suite) ? 1 : 0;
}

/** An earlier run's results with its SPEC §6 rows judged again (after a change to the report's wording). */
function rejudged(path: string): SuiteResult {
  const suite = JSON.parse(readFileSync(path, 'utf8')) as SuiteResult;
  return { ...suite, spec: judgeSpec(suite.scenarios, suite.mode !== 'full') };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function failed(suite: SuiteResult): boolean {
  return suite.scenarios.some((s) => s.status === 'failed');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    consolePrinter().out(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
