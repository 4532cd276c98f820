import { FatalError, type Handler, RetryableError } from '@streamer/handler-api';
import type { RequestRecord } from '@streamer/store';
import { createHarness } from './test-support/harness';

describe('processor: job quota places', () => {
  function harnessWith(handler: Handler) {
    const released: string[] = [];
    const jobQuotas = { releaseJob: async (job: { requestId: string }) => void released.push(job.requestId) };
    return { h: createHarness({ work: handler }, { jobQuotas, maxRetries: 1, retryDelayMs: 0 }), released };
  }

  it('gives a job place back when the request completes or fails, not when it is re-queued', async () => {
    const done = harnessWith({ processAsync: async () => 'ok' });
    const completed = await done.h.enqueue('work');
    await done.h.deliverInserts(completed);
    expect(done.released).toEqual([completed.requestId]);

    let calls = 0;
    const flaky = harnessWith({
      processAsync: async () => {
        calls += 1;
        throw calls === 1 ? new RetryableError('again') : new FatalError('no');
      },
    });
    const request: RequestRecord = await flaky.h.enqueue('work');
    await flaky.h.deliverInserts(request);
    expect(flaky.released).toEqual([]);
    await flaky.h.processor.handleSqsEvent(flaky.h.retryQueue.drain());
    expect((await flaky.h.status(request.requestId)).status).toBe('failed');
    expect(flaky.released).toEqual([request.requestId]);
  });

  it('still settles the request when the release fails', async () => {
    const h = createHarness({ work: { processAsync: async () => 'ok' } }, { jobQuotas: { releaseJob: async () => Promise.reject(new Error('throttled')) } });
    const request = await h.enqueue('work');
    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });
    expect((await h.status(request.requestId)).status).toBe('completed');
  });
});
