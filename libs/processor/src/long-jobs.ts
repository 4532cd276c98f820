// Long jobs across invocations. A handler ends an invocation with `context.continueWith(state)`, or
// records `context.checkpoint(state)` and lets the deadline end it; the settle step then stores the
// state on the request (`continueLater`: processing → queued) and sends the request through the retry
// queue with no delay. The next delivery claims it like any queued request and hands the state back
// as `context.continuation`. Cancel and status work as for any queued or processing request; progress
// stays monotonic (it is stored on the request and the reporter starts from it); the job sends one
// terminal message, when an invocation finally returns a result or fails.
//
// A continuation is not a retry: retries are counted from the attempt at which the job last
// continued (`attemptBase`), so a job of a hundred invocations keeps its whole retry budget for
// each of them, and `attempts` still grows with every claim (the run identity and the stalled-retry
// sweep rely on that).
import { Continuation, type ContinuationContext } from '@streamer/handler-api';
import { utf8ByteLength } from '@streamer/protocol';
import type { RequestRecord, StoredContinuation, StoredError } from '@streamer/store';

/** Largest continuation state, as JSON: it is stored on the request item (DynamoDB items ≤ 400 KB). */
export const MAX_CONTINUATION_STATE_BYTES = 64 * 1024;

/** A run that ended its invocation to go on in the next one. */
export interface ContinuedOutcome {
  kind: 'continued';
  continuation: Continuation;
}

/** The attempt of the current invocation of a job: claims since it last continued (1 on the first run). */
export function attemptOf(record: RequestRecord): number {
  return record.attempts - (record.continuation?.attemptBase ?? 0);
}

/** The continuation part of one run's context, and the latest checkpoint its handler recorded. */
export class JobSegment {
  #checkpoint: Continuation | undefined;

  constructor(private readonly record: RequestRecord) {}

  context(): ContinuationContext {
    return {
      continuation: this.record.continuation?.state,
      segment: (this.record.continuation?.segments ?? 0) + 1,
      continueWith: (state, progress, message) => new Continuation(state, progress, message),
      checkpoint: (state, progress, message) => {
        this.#checkpoint = new Continuation(state, progress, message);
      },
    };
  }

  /** What the run ends with when its deadline arrives: the latest checkpoint, if the handler recorded one. */
  get checkpoint(): Continuation | undefined {
    return this.#checkpoint;
  }
}

/** The continuation to store, or the error that fails the job when its state cannot be stored. */
export function storedContinuation(record: RequestRecord, continuation: Continuation): StoredContinuation | StoredError {
  let text: string | undefined;
  try {
    text = JSON.stringify(continuation.state);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { code: 'INTERNAL_ERROR', message: 'Continuation state is not JSON', retryable: false };
  if (utf8ByteLength(text) > MAX_CONTINUATION_STATE_BYTES) {
    return { code: 'INTERNAL_ERROR', message: `Continuation state is over ${MAX_CONTINUATION_STATE_BYTES} bytes`, retryable: false };
  }
  return { state: JSON.parse(text) as unknown, segments: (record.continuation?.segments ?? 0) + 1, attemptBase: record.attempts };
}
