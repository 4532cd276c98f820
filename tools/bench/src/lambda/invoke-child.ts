// Child process standing in for one Lambda execution environment: loads a bundle once (its env comes
// from the parent), then runs events through its `handler` one at a time, as Lambda does, timing each.
import { createRequire } from 'node:module';
import { serveRpc } from '../core/rpc';

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface InvokeReport {
  durationsMs: number[];
  /** Outcomes by `statusCode` (or `ok` / `error`). */
  outcomes: Record<string, number>;
  /** The first few errors, for the report. */
  errors: string[];
}

let handler: Handler | undefined;

function load(args: { bundle: string }): Promise<number> {
  const started = performance.now();
  const loaded = createRequire(args.bundle)(args.bundle) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${args.bundle} exports no handler`);
  handler = loaded.handler as Handler;
  return Promise.resolve(performance.now() - started);
}

async function invoke(args: { events: unknown[] }): Promise<InvokeReport> {
  if (!handler) throw new Error('load a bundle first');
  const report: InvokeReport = { durationsMs: [], outcomes: {}, errors: [] };
  for (const event of args.events) {
    const started = performance.now();
    const outcome = await run(handler, event, report);
    report.durationsMs.push(performance.now() - started);
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
  return report;
}

async function run(h: Handler, event: unknown, report: InvokeReport): Promise<string> {
  try {
    const result = (await h(event, lambdaContext())) as { statusCode?: unknown } | undefined;
    return result && typeof result === 'object' && 'statusCode' in result ? String(result.statusCode) : 'ok';
  } catch (error) {
    if (report.errors.length < 3) report.errors.push(error instanceof Error ? error.message : String(error));
    return 'error';
  }
}

/** The parts of the Lambda context handlers read (deadline, request id). */
function lambdaContext(): Record<string, unknown> {
  const deadline = Date.now() + 30_000;
  return {
    awsRequestId: `bench-${Math.random().toString(36).slice(2)}`,
    functionName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

serveRpc({ load, invoke });
