// How a run ends: its outcome, the retry policy, and the settle step that turns the outcome into the
// stored terminal (or re-queued) state, then tells the client.
// Only the party that wins the conditional transition sends the terminal message, and it sends it
// after the state is stored: a gone socket loses nothing, the result waits for `status`. The message
// goes to the connection of the record that write returned — the request's current socket, which may
// have changed during the run when its client reconnected and asked `status`.
import { HandlerError } from '@streamer/handler-api';
import { sleep } from '@streamer/kernel';
import {
  type ErrorCode,
  error as errorReply,
  type ErrorMessage,
  FrameTooLargeError,
  genericMessage,
  isErrorCode,
  result,
  serialize,
  type ServerMessage,
} from '@streamer/protocol';
import { ConditionConflictError, type RequestRecord, type StoredError } from '@streamer/store';
import { RunDeadlineError } from './errors';
import { cutResult, resultChunkMessages } from './large-results';
import { attemptOf, type ContinuedOutcome, storedContinuation } from './long-jobs';
import type { ProcessorSettings } from './settings';

export type RunOutcome =
  | { kind: 'succeeded'; value: unknown }
  /** `retryable` errors go through the retry policy; the others fail the request at once. */
  | { kind: 'errored'; error: StoredError; cause: unknown }
  /** Cancelled or taken over: nothing is written and nothing is sent. */
  | { kind: 'superseded'; reason: unknown }
  /** The job goes on in another invocation (see long-jobs.ts). */
  | ContinuedOutcome;

/** TIMEOUT as stored and sent when a run reaches its deadline. */
export const TIMEOUT_ERROR: StoredError = { code: 'TIMEOUT', message: genericMessage('TIMEOUT'), retryable: true };

/** What an error the client must not see the details of is stored as. */
export const INTERNAL_ERROR: StoredError = { code: 'INTERNAL_ERROR', message: genericMessage('INTERNAL_ERROR'), retryable: true };

/** A handler's `RetryableError`/`FatalError` keeps its code and message; anything else is a retryable INTERNAL_ERROR. */
export function storedErrorOf(err: unknown): StoredError {
  if (err instanceof RunDeadlineError) return TIMEOUT_ERROR;
  if (err instanceof HandlerError) return err.toJSON();
  return INTERNAL_ERROR;
}

/** Outcome of a run that was aborted with `reason` (a deadline is a retryable TIMEOUT). */
export function abortedOutcome(reason: unknown): RunOutcome {
  return reason instanceof RunDeadlineError
    ? { kind: 'errored', error: TIMEOUT_ERROR, cause: reason }
    : { kind: 'superseded', reason };
}

/** The `error` message for a stored error (its message was written for the client). */
export function errorMessageFor(clientId: string, stored: StoredError): ErrorMessage {
  const code: ErrorCode = isErrorCode(stored.code) ? stored.code : 'INTERNAL_ERROR';
  return errorReply(clientId, code, stored.message, { retryable: stored.retryable, expose: true });
}

// Retry policy: when and how long a failed attempt waits before it runs again.

/** SQS refuses a `DelaySeconds` above 15 minutes. */
export const MAX_RETRY_DELAY_SECONDS = 900;

/**
 * Delay before the run after `attempt` (1-based): `baseDelayMs × 2^(attempt−1)`, rounded up to whole
 * seconds and capped at 900 s.
 */
export function retryDelaySeconds(attempt: number, baseDelayMs: number): number {
  const ms = baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.ceil(ms / 1000));
}

/**
 * `maxRetries` counts the retries after the first attempt: a request runs at most `1 + maxRetries` times,
 * so a retryable failure of attempt `n` is retried while `n ≤ maxRetries`.
 */
export function mayRetry(attempt: number, maxRetries: number): boolean {
  return attempt <= maxRetries;
}

export type Disposition = 'completed' | 'failed' | 'requeued' | 'continued' | 'discarded' | 'skipped';

/** What happened to one request in one delivery. */
export interface RunReport {
  requestId: string;
  disposition: Disposition;
  /** The attempt this delivery ran (absent when it was skipped before claiming). */
  attempt?: number;
  error?: StoredError;
  /** For `requeued`: the SQS delay of the retry. */
  delaySeconds?: number;
}

/** A send failure worth another round: the error says so itself (`retryable: true`). */
function isTransient(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true;
}

const UNDELIVERABLE_RESULT: StoredError = { code: 'INTERNAL_ERROR', message: 'Result cannot be delivered', retryable: false };

export class Settler {
  constructor(private readonly s: ProcessorSettings) {}

  async settle(record: RequestRecord, outcome: RunOutcome): Promise<RunReport> {
    if (outcome.kind === 'superseded') {
      this.s.logger.info('Run superseded; outcome discarded', { requestId: record.requestId, reason: String(outcome.reason) });
      return this.report(record, 'discarded');
    }
    if (outcome.kind === 'succeeded') return this.complete(record, outcome.value);
    if (outcome.kind === 'continued') return this.continueJob(record, outcome);
    if (outcome.error.retryable && mayRetry(attemptOf(record), this.s.maxRetries)) return this.retry(record, outcome.error);
    return this.fail(record, outcome.error);
  }

  async fail(record: RequestRecord, error: StoredError): Promise<RunReport> {
    return this.failWith(record, error, 'fail', () => this.s.requests.fail(record.requestId, error));
  }

  /**
   * Fails a request its event source gave up on (dead-lettered), from the status it was read in: a
   * request that moved on meanwhile (finished, cancelled, claimed again) is left alone.
   */
  async abandon(record: RequestRecord, error: StoredError): Promise<RunReport> {
    return this.failWith(record, error, 'abandon', () => this.s.requests.transition(record.requestId, [record.status], 'failed', { error }));
  }

  private async failWith(record: RequestRecord, error: StoredError, operation: string, write: () => Promise<RequestRecord>): Promise<RunReport> {
    const failed = await this.won(record, operation, write);
    if (!failed) return this.report(record, 'discarded');
    await this.deliverTerminal(failed, errorMessageFor(record.clientId, error));
    return { ...this.report(record, 'failed'), error };
  }

  /** Best effort: a gone or failing socket never fails the work (the state is already stored). */
  async notify(record: RequestRecord, message: ServerMessage): Promise<void> {
    try {
      await this.s.sender.send(record.connectionId, message);
    } catch (err) {
      this.s.logger.info('Message not delivered', {
        requestId: record.requestId,
        connectionId: record.connectionId,
        type: message.type,
        error: err as Error,
      });
    }
  }

  /**
   * The terminal message is the one a client on a live socket must not miss. When the sender gives
   * up on a transient failure (an error with `retryable: true`: 5xx, 429 or an open circuit after the
   * sender's own retries) it is sent again in a few spaced rounds; a gone socket is not retried (the
   * result is stored and waits for `status`).
   */
  private async deliverTerminal(record: RequestRecord, message: ServerMessage): Promise<boolean> {
    const { terminalDeliveryRounds: rounds, terminalDeliveryDelayMs: delayMs, logger } = this.s;
    for (let round = 1; ; round += 1) {
      try {
        await this.s.sender.send(record.connectionId, message);
        return true;
      } catch (err) {
        const again = round < rounds && isTransient(err);
        const fields = { requestId: record.requestId, connectionId: record.connectionId, type: message.type, round, error: err as Error };
        logger.info(again ? 'Terminal message not delivered; sending it again' : 'Message not delivered', fields);
        if (!again) return false;
        await sleep(delayMs * 2 ** (round - 1));
      }
    }
  }

  private async complete(record: RequestRecord, value: unknown): Promise<RunReport> {
    const message = result(record.clientId, value);
    try {
      serialize(message);
    } catch (err) {
      if (err instanceof FrameTooLargeError) return this.completeChunked(record, value);
      this.s.logger.error('Handler result cannot be sent', { requestId: record.requestId, error: err as Error });
      return this.fail(record, UNDELIVERABLE_RESULT);
    }
    const completed = await this.won(record, 'complete', () => this.s.requests.complete(record.requestId, message.data));
    if (!completed) return this.report(record, 'discarded');
    await this.deliverTerminal(completed, message);
    return this.report(record, 'completed');
  }

  /**
   * A result over one message: its pieces are stored first, then the request completes with their
   * shape, then the pieces go out in order as the terminal message (a client that misses some pages
   * through them with `status`). Over the ceiling: failed with RESULT_TOO_LARGE.
   */
  private async completeChunked(record: RequestRecord, value: unknown): Promise<RunReport> {
    const cut = cutResult(value, this.s.maxResultBytes);
    if ('code' in cut) {
      this.s.logger.warn('Handler result refused', { requestId: record.requestId, code: cut.code, reason: cut.message });
      return this.fail(record, cut);
    }
    await this.s.requests.putResultChunks(record.requestId, cut.pieces, record.ttl);
    const { requestId } = record;
    const completed = await this.won(record, 'complete', () => this.s.requests.transition(requestId, ['processing'], 'completed', { resultChunks: cut.chunks }));
    if (!completed) return this.report(record, 'discarded');
    for (const message of resultChunkMessages(completed, cut)) {
      if (!(await this.deliverTerminal(completed, message))) break;
    }
    return this.report(record, 'completed');
  }

  /** Stores the job's state and sends it through the retry queue at once (not counted as a retry). */
  private async continueJob(record: RequestRecord, outcome: ContinuedOutcome): Promise<RunReport> {
    const continuation = storedContinuation(record, outcome.continuation);
    if ('code' in continuation) return this.fail(record, continuation);
    if (!(await this.won(record, 'continue', () => this.s.requests.continueLater(record.requestId, continuation)))) return this.report(record, 'discarded');
    // A failure here fails the record: Lambda redelivers it and the redelivery claims the queued request.
    await this.s.retryQueue.enqueue(record.requestId, 0);
    this.s.logger.info('Job continues in a new invocation', { requestId: record.requestId, segments: continuation.segments });
    return this.report(record, 'continued');
  }

  private async retry(record: RequestRecord, error: StoredError): Promise<RunReport> {
    if (!(await this.won(record, 'requeue', () => this.s.requests.requeue(record.requestId, error)))) return this.report(record, 'discarded');
    const delaySeconds = retryDelaySeconds(attemptOf(record), this.s.retryDelayMs);
    // A failure here fails the record: Lambda redelivers it and the redelivery claims the queued request.
    await this.s.retryQueue.enqueue(record.requestId, delaySeconds);
    this.s.logger.info('Retry scheduled', { requestId: record.requestId, attempt: record.attempts, delaySeconds, code: error.code });
    return { ...this.report(record, 'requeued'), error, delaySeconds };
  }

  /**
   * Runs a conditional transition and returns the record it wrote; losing it (cancelled, or settled by
   * someone else) is not an error and returns undefined.
   */
  private async won(record: RequestRecord, operation: string, write: () => Promise<RequestRecord>): Promise<RequestRecord | undefined> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      this.s.logger.info('Transition lost', { requestId: record.requestId, operation, currentStatus: err.currentStatus });
      return undefined;
    }
  }

  private report(record: RequestRecord, disposition: Disposition): RunReport {
    return { requestId: record.requestId, disposition, attempt: record.attempts };
  }
}
