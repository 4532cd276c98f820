import { Continuation, validatePayload } from '@streamer/handler-api';
import { generateReport, generateReportSchema } from './generate-report';
import { RECORDS_PER_STEP, reportRecords } from './resumable-report';
import { testContext, testRequest } from './test-support/test-context';

const STEP_MS = 100;
const handler = generateReport(STEP_MS);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Runs a job the way the processor does: each invocation has `invocationMs`, a continuation starts the next. */
async function runAcrossInvocations(payload: Record<string, unknown>, invocationMs: number) {
  const progress: number[] = [];
  let continuation: unknown;
  for (let segment = 1; segment <= 50; segment++) {
    const context = testContext(1, { continuation, segment, deadline: Date.now() + invocationMs });
    const run = handler.processAsync?.(testRequest('generate_report', payload as never), context);
    await jest.advanceTimersByTimeAsync(invocationMs);
    const outcome = await run;
    progress.push(...context.reported.map((r) => r.value));
    if (!(outcome instanceof Continuation)) return { outcome, segments: segment, progress };
    if (outcome.progress !== undefined) progress.push(outcome.progress);
    continuation = outcome.state;
  }
  throw new Error('never finished');
}

describe('generate_report, resumable', () => {
  it('accepts resumable and includeRecords flags and nothing else in their place', async () => {
    expect((await validatePayload(generateReportSchema, { recordCount: 5000, resumable: true, includeRecords: false })).ok).toBe(true);
    expect((await validatePayload(generateReportSchema, { recordCount: 5000, resumable: 'yes' })).ok).toBe(false);
  });

  it('spans several short invocations, each ending with a continuation, with monotonic progress and one result', async () => {
    // 20 steps of 100 ms, 700 ms per invocation: five steps fit before the margin each time.
    const { outcome, segments, progress } = await runAcrossInvocations({ recordCount: 20 * RECORDS_PER_STEP, resumable: true }, 700);
    expect(segments).toBeGreaterThanOrEqual(3);
    expect(outcome).toEqual({ url: 'https://reports.example.com/tenant-1/req-1.pdf', recordCount: 20_000, invocations: segments });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(new Set(progress).size).toBe(20);
  });

  it('checkpoints after every step, so a deadline that comes early continues from the last step done', async () => {
    const context = testContext(1, { continuation: { done: 3 }, segment: 2 });
    const run = handler.processAsync?.(testRequest('generate_report', { recordCount: 10_000, resumable: true }), context);
    await jest.advanceTimersByTimeAsync(STEP_MS * 2 + 10);
    context.controller.abort(new Error('deadline'));
    await expect(run).rejects.toThrow('Stopped');
    expect(context.checkpoints.map((c) => [c.state, c.progress, c.message])).toEqual([
      [{ done: 4 }, 0.4, 'Processed 4000 of 10000 records'],
      [{ done: 5 }, 0.5, 'Processed 5000 of 10000 records'],
    ]);
  });

  it('puts the records in the result with includeRecords (about 47 bytes each)', async () => {
    const context = testContext();
    const run = handler.processAsync?.(testRequest('generate_report', { recordCount: 22_000, includeRecords: true }), context);
    await jest.advanceTimersByTimeAsync(STEP_MS * 10);
    const report = (await run) as { records: unknown[] };
    expect(report.records).toHaveLength(22_000);
    expect(report.records[12]).toEqual({ id: 12, name: 'Record 000012', value: (12 * 7919) % 1000 });
    expect(JSON.stringify(reportRecords(22_000)).length).toBeGreaterThan(1_000_000);
  });
});
