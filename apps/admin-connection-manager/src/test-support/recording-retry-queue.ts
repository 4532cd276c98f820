import type { RetryQueue } from '../deps';

/** Records enqueued request ids; `failWith` makes the next calls reject. */
export class RecordingRetryQueue implements RetryQueue {
  readonly enqueued: { requestId: string; delaySeconds: number }[] = [];
  failWith: Error | undefined;

  async enqueue(requestId: string, delaySeconds: number): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.enqueued.push({ requestId, delaySeconds });
  }
}
