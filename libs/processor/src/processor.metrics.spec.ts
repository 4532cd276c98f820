import type { Handler } from '@streamer/handler-api';
import { ManualClock, RecordingLogger, RecordingMetrics } from '@streamer/kernel/testing';
import { createHarness } from './test-support/harness';
import { sqsRetryEvent } from './testing/events';

const ok: Handler = { processAsync: async () => ({ done: true }) };
const broken: Handler = {
  processAsync: async () => {
    throw new Error('boom');
  },
};

/** 2026-01-01T00:00:00Z, the creation time of the test events' records, plus `ms`. */
const at = (ms: number) => 1_767_225_600_000 + ms;

describe('processor metrics', () => {
  it('counts runs by action and disposition, times them, and logs one outcome line with the correlation ids', async () => {
    const metrics = new RecordingMetrics();
    const logger = new RecordingLogger();
    const h = createHarness({ ok, broken }, { metrics, logger, clock: new ManualClock(at(90_000)) });
    const first = await h.enqueue('ok', {}, 'c-1');
    const second = await h.enqueue('broken', {}, 'c-2');
    await h.deliverInserts(first, second);

    expect(metrics.total('RequestProcessed', { action: 'ok', status: 'completed' })).toBe(1);
    expect(metrics.total('RequestProcessed', { action: 'broken', status: 'requeued' })).toBe(1);
    expect(metrics.total('RequestRetries', { action: 'broken' })).toBe(1);
    expect(metrics.total('RequestErrors', { code: 'INTERNAL_ERROR' })).toBe(1);
    expect(metrics.named('ProcessingTime', { action: 'ok' })).toHaveLength(1);
    expect(metrics.named('BatchSize', { source: 'stream' }).map((p) => p.value)).toEqual([2]);
    expect(metrics.named('StreamRecordAge', { source: 'stream' }).map((p) => p.value)).toEqual([90_000]);
    const outcome = logger.lines.find((l) => l.message === 'Request outcome' && (l.extra[0] as { action?: string }).action === 'ok');
    expect(outcome?.extra[0]).toMatchObject({ requestId: first.requestId, connectionId: 'conn-1', tenantId: 'tenant-1', id: 'c-1', status: 'completed', durationMs: 0 });
  });

  it('reads the retry queue depth from the batch: its size, the oldest message age and the receive count', async () => {
    const metrics = new RecordingMetrics();
    const h = createHarness({ ok }, { metrics, clock: new ManualClock(at(5_000)) });
    const request = await h.enqueue('ok');
    await h.processor.handleSqsEvent(sqsRetryEvent([request.requestId]));
    expect(metrics.named('BatchSize', { source: 'retry' }).map((p) => p.value)).toEqual([1]);
    expect(metrics.named('QueueMessageAge', { source: 'retry' }).map((p) => p.value)).toEqual([5_000]);
    expect(metrics.named('ReceiveCount', { source: 'retry' }).map((p) => p.value)).toEqual([1]);
  });
});
