// The scheduled sweeps, moved here from the admin cleanup with their tests: expired leases and
// stalled retries, on the in-memory stores, a fake retry queue and a settable clock.
import { RecordingLogger } from '@streamer/kernel/testing';
import { FakeRetryQueue } from '@streamer/processor/testing';
import { createInMemoryStores } from '@streamer/store/testing';
import { createSweepHandler, type SweepDeps } from './sweep';

const START = Date.UTC(2026, 0, 1, 12);

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-01-01T12:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/streamer-hourly-sweep'],
  detail: {},
};

function harness(options: Partial<Pick<SweepDeps, 'stalledRetryAfterMs'>> = {}) {
  let time = START;
  const clock = (): number => time;
  const { requests } = createInMemoryStores({ clock });
  const retryQueue = new FakeRetryQueue();
  const logger = new RecordingLogger();
  const sweep = createSweepHandler({ requests, retryQueue, logger, clock: { now: clock }, stalledRetryAfterMs: 30 * 60_000, ...options });
  const errors = (): string[] => logger.lines.filter((line) => line.level === 'error').map((line) => line.message);
  const processing = async (requestId: string, leaseMs: number): Promise<void> => {
    await requests.create({ requestId, connectionId: 'c1', userId: 'user-1', tenantId: 'tenant-1', clientId: `client-${requestId}`, action: 'generate_report', payload: {} });
    await requests.claim(requestId, { leaseMs });
  };
  return { requests, retryQueue, logger, sweep, errors, processing, advance: (ms: number) => (time += ms) };
}

describe('the processor sweeps', () => {
  it('re-queues requests whose processing lease expired and leaves the others', async () => {
    const h = harness();
    await h.processing('r-expired', 60_000);
    await h.processing('r-live', 10 * 60_000);
    await h.processing('r-done', 60_000);
    await h.requests.complete('r-done', { ok: true });
    h.advance(2 * 60_000);

    const report = await h.sweep(scheduledEvent);

    expect(report).toEqual({ requeuedCount: 1, resentCount: 0, failedCount: 0, complete: true });
    expect(h.retryQueue.history).toEqual([{ requestId: 'r-expired', delaySeconds: 0 }]);
    expect(await h.requests.get('r-expired')).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT', retryable: true } });
    expect((await h.requests.get('r-live'))?.status).toBe('processing');
    expect((await h.requests.get('r-done'))?.status).toBe('completed');
  });

  it('keeps the last error of a request that had already failed once', async () => {
    const h = harness();
    await h.processing('r1', 1_000);
    const flaky = { code: 'UPSTREAM_DOWN', message: 'Upstream unavailable', retryable: true };
    await h.requests.requeue('r1', flaky);
    await h.requests.claim('r1', { leaseMs: 1_000 });
    h.advance(5_000);

    await h.sweep(scheduledEvent);

    expect(await h.requests.get('r1')).toMatchObject({ status: 'queued', attempts: 2, lastError: flaky });
  });

  it('counts a retry that could not be sent and goes on with the other requests', async () => {
    const h = harness();
    await h.processing('r1', 1_000);
    await h.processing('r2', 1_000);
    h.advance(5_000);
    h.retryQueue.failNext();

    const report = await h.sweep(scheduledEvent);

    expect(report).toMatchObject({ requeuedCount: 1, failedCount: 1, complete: true });
    expect(h.retryQueue.history).toHaveLength(1);
    expect(h.errors()).toEqual(['Expired lease re-queued, but its retry could not be sent']);
    for (const requestId of ['r1', 'r2']) expect((await h.requests.get(requestId))?.status).toBe('queued');
  });

  it('sends again a retry that never arrived, once it has waited longer than STALLED_RETRY_AFTER', async () => {
    const h = harness({ stalledRetryAfterMs: 30 * 60_000 });
    await h.processing('lost', 60_000);
    await h.requests.requeue('lost', { code: 'INTERNAL_ERROR', message: 'boom', retryable: true }); // its SQS send failed
    await h.processing('waiting', 60_000);
    h.advance(20 * 60_000);
    await h.requests.requeue('waiting', { code: 'INTERNAL_ERROR', message: 'boom', retryable: true });

    expect(await h.sweep(scheduledEvent)).toMatchObject({ resentCount: 0, failedCount: 0 });
    expect(h.retryQueue.history).toEqual([]);

    h.advance(11 * 60_000);
    expect(await h.sweep(scheduledEvent)).toMatchObject({ resentCount: 1, requeuedCount: 0, failedCount: 0 });
    expect(h.retryQueue.history).toEqual([{ requestId: 'lost', delaySeconds: 0 }]);
    expect(await h.requests.get('lost')).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('recovers a request whose lease expired and whose retry was then lost, over two runs', async () => {
    const h = harness({ stalledRetryAfterMs: 30 * 60_000 });
    await h.processing('r1', 1_000);
    h.advance(5_000);
    h.retryQueue.failNext();
    expect(await h.sweep(scheduledEvent)).toMatchObject({ requeuedCount: 0, resentCount: 0, failedCount: 1 });

    h.advance(31 * 60_000);
    expect(await h.sweep(scheduledEvent)).toMatchObject({ requeuedCount: 0, resentCount: 1, failedCount: 0 });
    expect(h.retryQueue.history).toEqual([{ requestId: 'r1', delaySeconds: 0 }]);
  });

  it('counts a listing that fails and still runs the other sweep', async () => {
    const h = harness();
    jest.spyOn(h.requests, 'expiredLeases').mockImplementation(() => {
      throw new Error('DynamoDB is down');
    });
    await h.processing('lost', 60_000);
    await h.requests.requeue('lost', { code: 'INTERNAL_ERROR', message: 'boom', retryable: true });
    h.advance(31 * 60_000);

    expect(await h.sweep(scheduledEvent)).toEqual({ requeuedCount: 0, resentCount: 1, failedCount: 1, complete: true });
    expect(h.errors()).toEqual(['Could not list the requests whose lease expired']);
  });

  it('skips the stalled-retry sweep near the Lambda deadline and reports an incomplete run', async () => {
    const h = harness();
    await h.processing('lost', 60_000);
    await h.requests.requeue('lost', { code: 'INTERNAL_ERROR', message: 'boom', retryable: true });
    h.advance(31 * 60_000);

    const first = await h.sweep(scheduledEvent, { getRemainingTimeInMillis: () => 1_000 });
    expect(first).toEqual({ requeuedCount: 0, resentCount: 0, failedCount: 0, complete: false });
    const second = await h.sweep(scheduledEvent, { getRemainingTimeInMillis: () => 60_000 });
    expect(second).toEqual({ requeuedCount: 0, resentCount: 1, failedCount: 0, complete: true });
  });
});
