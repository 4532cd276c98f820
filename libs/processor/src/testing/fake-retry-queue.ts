import type { SQSEvent } from 'aws-lambda';
import { RetryQueueError } from '../errors';
import type { RetryQueue } from '../settings';
import { retryMessageBody } from '../records';
import { sqsRecord } from './events';

export interface EnqueuedRetry {
  requestId: string;
  delaySeconds: number;
  /** Lease watchdog messages: the claim watched. */
  attempt?: number;
}

/** In-memory RetryQueue: records what was enqueued and hands it back as the SQS event Lambda would deliver. */
export class FakeRetryQueue implements RetryQueue {
  /** Everything ever enqueued, in order. */
  readonly history: EnqueuedRetry[] = [];
  #waiting: EnqueuedRetry[] = [];
  #failures = 0;

  /** The next `count` enqueue calls reject with RetryQueueError (an unreachable queue). */
  failNext(count = 1): void {
    this.#failures += count;
  }

  async enqueue(requestId: string, delaySeconds: number, attempt?: number): Promise<void> {
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw new RetryQueueError(`Retry of ${requestId} could not be queued (fake outage)`, { context: { requestId } });
    }
    const entry: EnqueuedRetry = attempt === undefined ? { requestId, delaySeconds } : { requestId, delaySeconds, attempt };
    this.history.push(entry);
    this.#waiting.push(entry);
  }

  /** Retries not yet delivered. */
  get pending(): readonly EnqueuedRetry[] {
    return this.#waiting;
  }

  /** Removes the waiting retries and returns them as one SQS batch (their delays are taken as passed). */
  drain(): SQSEvent {
    const batch = this.#waiting;
    this.#waiting = [];
    return { Records: batch.map((entry) => sqsRecord(retryMessageBody(entry.requestId, entry.attempt))) };
  }
}
