// generate_report's long modes. `resumable: true`: a report of one step per 1000 records that may run
// longer than one Lambda invocation — before each step it checks the time left and, when one more
// step might not fit, ends the invocation with `continueWith({done})`; after each step it records a
// `checkpoint`, so a deadline that comes early still continues from the last step done. `includeRecords:
// true`: the report carries its records (~47 bytes each), so 22 000 records make a ~1 MB result that
// is delivered in chunks, and 100 000 (~4.7 MB) exceed the default 4 MB ceiling (RESULT_TOO_LARGE).
import type { AsyncHandlerContext, Continuation } from '@streamer/handler-api';

/** Records per step of a resumable report. */
export const RECORDS_PER_STEP = 1000;

/** What a resumable report carries from one invocation to the next. */
interface ReportState {
  /** Steps done. */
  done: number;
}

/** One generated record of a report with `includeRecords`. */
export interface ReportRecord {
  id: number;
  name: string;
  value: number;
}

/** The records of a report with `includeRecords`. */
export function reportRecords(recordCount: number): ReportRecord[] {
  return Array.from({ length: recordCount }, (_, id) => ({ id, name: `Record ${String(id).padStart(6, '0')}`, value: (id * 7919) % 1000 }));
}

/**
 * Runs the steps of a resumable report from where the previous invocation stopped. Resolves with the
 * number of invocations the report took once every step is done, or with a continuation.
 */
export async function runResumable(
  recordCount: number,
  stepMs: number,
  context: AsyncHandlerContext,
  wait: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<{ invocations: number } | Continuation> {
  const steps = Math.ceil(recordCount / RECORDS_PER_STEP);
  let { done } = (context.continuation as ReportState | undefined) ?? { done: 0 };
  const message = () => `Processed ${Math.min(done * RECORDS_PER_STEP, recordCount)} of ${recordCount} records`;
  while (done < steps) {
    // One more step and a margin as long must fit before the deadline; otherwise go on next time.
    if (context.deadline - Date.now() < 2 * stepMs) return context.continueWith<ReportState>({ done }, done / steps, message());
    await wait(stepMs, context.signal);
    done += 1;
    context.checkpoint({ done } satisfies ReportState, done / steps, message());
    await context.reporter.progress(done / steps, message());
  }
  return { invocations: context.segment };
}
