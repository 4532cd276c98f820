// Sweep for requests whose run died without settling: re-queue them and schedule a retry delivery.
import { ConditionConflictError, type RequestStore } from '@streamer/store';
import { TIMEOUT_ERROR } from './outcome';
import type { ProcessorLogger, RetryQueue } from './ports';

export interface RecoverExpiredLeasesOptions {
  requests: RequestStore;
  retryQueue: RetryQueue;
  /** Epoch ms; leases that ended before it are recovered. */
  now: number;
  logger?: ProcessorLogger;
}

/**
 * `processing` requests whose lease has ended belong to an invocation that died (a live run never
 * outlives its lease). Each is re-queued (its error kept as `lastError`: TIMEOUT unless it had one) and
 * handed to the retry queue with no delay, where the next claim starts the following attempt. A request
 * whose attempts are used up is failed by that claim. Returns how many requests were recovered.
 */
export async function recoverExpiredLeases(options: RecoverExpiredLeasesOptions): Promise<number> {
  const { requests, retryQueue, now, logger } = options;
  let recovered = 0;
  for await (const record of requests.expiredLeases(now)) {
    try {
      await requests.requeue(record.requestId, record.lastError ?? TIMEOUT_ERROR);
    } catch (err) {
      if (err instanceof ConditionConflictError) continue;
      throw err;
    }
    await retryQueue.enqueue(record.requestId, 0);
    logger?.info('Expired lease recovered', { requestId: record.requestId, attempts: record.attempts });
    recovered += 1;
  }
  return recovered;
}
