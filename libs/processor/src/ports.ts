// The narrow ports the processor talks through. Apps wire real adapters (the connection manager,
// SqsRetryQueue); tests use the fakes from ./testing.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ServerMessage } from '@streamer/protocol';

/**
 * Delivers one message to one WebSocket connection. A rejection is logged; when its error carries
 * `retryable: true` (a transient failure, the socket may still be there) a terminal message is sent
 * again in a few spaced rounds.
 */
export interface Notifier {
  send(connectionId: string, message: ServerMessage): Promise<void>;
}

/** Schedules a delayed retry of a request (SQS `SendMessage` with `DelaySeconds` in production). */
export interface RetryQueue {
  /** `delaySeconds` is an integer from 0 to 900. */
  enqueue(requestId: string, delaySeconds: number): Promise<void>;
}

export type ProcessorLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What the processor needs of the Lambda context: the time left in this invocation. */
export interface Invocation {
  getRemainingTimeInMillis(): number;
}
