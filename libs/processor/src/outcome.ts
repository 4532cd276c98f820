// What one run ended with, and the client-safe error stored for failures.
import { HandlerError } from '@streamer/handler-api';
import { type ErrorCode, error as errorReply, type ErrorMessage, genericMessage, isErrorCode } from '@streamer/protocol';
import type { StoredError } from '@streamer/store';
import { RunDeadlineError } from './errors';

export type RunOutcome =
  | { kind: 'succeeded'; value: unknown }
  /** `retryable` errors go through the retry policy; the others fail the request at once. */
  | { kind: 'errored'; error: StoredError; cause: unknown }
  /** Cancelled or taken over: nothing is written and nothing is sent. */
  | { kind: 'superseded'; reason: unknown };

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
