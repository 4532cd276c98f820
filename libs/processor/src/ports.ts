// The processor's own narrow ports (it reaches sockets through MessageSender, from @streamer/handler-api).
// Apps wire real adapters (SqsRetryQueue); tests use the fakes from ./testing.
import type { Logger } from '@aws-lambda-powertools/logger';

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
