import { FatalError, runsAsync, validatePayload } from '@streamer/handler-api';
import { generateReport, generateReportSchema, REPORT_STEPS, REPORTS_TOPIC } from './generate-report';
import { testContext, testRequest } from './test-support/test-context';

const handler = generateReport(100);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('generate_report', () => {
  it.each([
    [{ recordCount: 1 }, true],
    [{ recordCount: 1_000_000, title: 'Q4' }, true],
    [{ recordCount: 0 }, false],
    [{ recordCount: 1_000_001 }, false],
    [{ recordCount: 2.5 }, false],
    [{ recordCount: '5000' }, false],
    [{}, false],
  ])('validates %p → %p', async (payload, ok) => {
    expect((await validatePayload(generateReportSchema, payload)).ok).toBe(ok);
  });

  it('answers up to 1000 records at once and queues larger reports', () => {
    expect(runsAsync(handler, testRequest('generate_report', { recordCount: 1000 }))).toBe(false);
    expect(runsAsync(handler, testRequest('generate_report', { recordCount: 1001 }))).toBe(true);
  });

  it('returns a small report synchronously', async () => {
    const request = testRequest('generate_report', { recordCount: 10 });
    await expect(Promise.resolve(handler.process?.(request, testContext()))).resolves.toEqual({
      url: 'https://reports.example.com/tenant-1/req-1.pdf',
      recordCount: 10,
    });
  });

  it('reports progress step by step, collecting then generating, and returns the report', async () => {
    const context = testContext();
    const done = handler.processAsync?.(testRequest('generate_report', { recordCount: 5000 }), context);

    await jest.advanceTimersByTimeAsync(100 * 3);
    expect(context.reported.map((step) => step.value)).toEqual([0.1, 0.2, 0.3]);
    await jest.advanceTimersByTimeAsync(100 * (REPORT_STEPS.length - 3));

    await expect(done).resolves.toEqual({ url: 'https://reports.example.com/tenant-1/req-1.pdf', recordCount: 5000 });
    expect(context.reported.map((step) => step.value)).toEqual(REPORT_STEPS.map(([value]) => value));
    expect(new Set(context.reported.map((step) => step.message))).toEqual(
      new Set(['Collecting records…', 'Generating PDF…', 'Uploading report…']),
    );
  });

  it('publishes a milestone to the tenant’s reports topic when each phase starts and when done', async () => {
    const context = testContext();
    const done = handler.processAsync?.(testRequest('generate_report', { recordCount: 5000 }), context);
    await jest.advanceTimersByTimeAsync(100 * REPORT_STEPS.length);
    await done;
    const milestone = (progress: number, message: string) => ({
      tenantId: 'tenant-1',
      target: { topic: REPORTS_TOPIC },
      data: { requestId: 'req-1', userId: 'user-1', recordCount: 5000, progress, message },
    });
    expect(context.publisher.published).toEqual([
      milestone(0.1, 'Collecting records…'),
      milestone(0.7, 'Generating PDF…'),
      milestone(1, 'Uploading report…'),
    ]);
  });

  it('finishes the report when a milestone cannot be published', async () => {
    const context = testContext();
    context.publish = () => Promise.reject(new Error('events table unavailable'));
    const done = handler.processAsync?.(testRequest('generate_report', { recordCount: 5000 }), context);
    await jest.advanceTimersByTimeAsync(100 * REPORT_STEPS.length);
    await expect(done).resolves.toMatchObject({ recordCount: 5000 });
  });

  it('stops promptly when its signal aborts, reporting nothing more', async () => {
    const context = testContext();
    const done = handler.processAsync?.(testRequest('generate_report', { recordCount: 5000 }), context);
    const outcome = expect(done).rejects.toThrow(FatalError);

    await jest.advanceTimersByTimeAsync(250);
    context.controller.abort(new Error('cancelled'));
    await outcome;
    await jest.advanceTimersByTimeAsync(10_000);

    expect(context.reported).toHaveLength(2);
  });

  it('does not start when its signal is already aborted', async () => {
    const context = testContext();
    context.controller.abort();
    await expect(handler.processAsync?.(testRequest('generate_report', { recordCount: 5000 }), context)).rejects.toThrow(FatalError);
    expect(context.reported).toEqual([]);
  });
});
