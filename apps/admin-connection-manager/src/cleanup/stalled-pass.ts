// Pass 3: retries that were scheduled but never delivered. A request re-queued for a retry (`queued`,
// attempts ≥ 1) whose SQS message was not sent (the queue was unreachable) would never run again —
// the stream only starts new requests. Once it has waited longer than STALLED_RETRY_AFTER (longer than
// any retry delay), its retry is sent again through the processor's `resendStalledRetries`.
import { resendStalledRetries } from '@streamer/processor';
import type { ResolvedDeps } from '../deps';
import type { CleanupTally } from './tally';

export async function resendStalled(deps: ResolvedDeps, tally: CleanupTally, now: number): Promise<void> {
  const { requests, retryQueue, logger } = deps;
  try {
    const { resent, failed } = await resendStalledRetries({ requests, retryQueue, updatedBefore: now - deps.stalledRetryAfterMs, logger });
    tally.resentCount += resent;
    tally.failedCount += failed;
  } catch (error) {
    tally.failedCount += 1;
    logger.error('Could not list the stalled retries', { error });
  }
}
