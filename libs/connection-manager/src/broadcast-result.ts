// What a broadcast reports: how many frames were delivered, how many recipients turned out to be gone
// (cleaned up; not failures), and which failed and why.
import { ConnectionError, type ConnectionErrorOptions } from './errors';

export interface FailedDelivery {
  connectionId: string;
  error: unknown;
}

export interface BroadcastResult {
  sent: number;
  gone: number;
  /** Failed recipients with their errors (the first `maxFailureDetails` of them). */
  failed: FailedDelivery[];
  /** Failed recipients in total (equals `failed.length` unless the detail list was capped). */
  failedCount: number;
}

export class BroadcastTally {
  readonly result: BroadcastResult = { sent: 0, gone: 0, failed: [], failedCount: 0 };

  constructor(private readonly maxFailureDetails: number) {}

  sent(): void {
    this.result.sent += 1;
  }

  gone(): void {
    this.result.gone += 1;
  }

  failed(connectionId: string, error: unknown): void {
    this.result.failedCount += 1;
    if (this.result.failed.length < this.maxFailureDetails) this.result.failed.push({ connectionId, error });
  }
}

/** Some recipients failed (gone recipients are not failures). Carries the full result. */
export class BroadcastPartialFailureError extends ConnectionError {
  readonly name = 'BroadcastPartialFailureError';
  readonly code = 'BROADCAST_PARTIAL_FAILURE';
  readonly result: BroadcastResult;

  constructor(result: BroadcastResult, options: ConnectionErrorOptions = {}) {
    super(`Broadcast failed for ${result.failedCount} recipient(s); ${result.sent} sent, ${result.gone} gone`, options);
    this.result = result;
  }

  /** Retryable when every failure was (retrying the failed recipients may then succeed). */
  get retryable(): boolean {
    return this.result.failed.every((f) => f.error instanceof ConnectionError && f.error.retryable);
  }

  protected override context(): Record<string, unknown> {
    const { sent, gone, failedCount } = this.result;
    const failed = this.result.failed.slice(0, 20).map(({ connectionId, error }) => ({
      connectionId,
      error: error instanceof ConnectionError ? error.toJSON() : { name: error instanceof Error ? error.name : 'Error' },
    }));
    return { sent, gone, failedCount, failed };
  }
}
