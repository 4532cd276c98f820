// What both TopicEventStore implementations (DynamoDB and the in-memory fake) decide the same way: the
// read limit, the checks on arguments, the `truncated` rule, the `ttl` of an event, and the bounded,
// jittered retry an append runs when a concurrent publisher took the `seq` it tried to take.
import { sleep } from '@streamer/kernel';
import { InvalidInputError, SequenceContentionError } from './errors';
import type { AppendTopicEvent, ReadTopicEvents } from './model';
import { ttlAfter } from './records';

/** Events returned by one `read` at most (and its default). */
export const MAX_READ_LIMIT = 1000;

/** Topic events are kept this long by default (`EVENT_RETENTION`, 24 h). */
export const DEFAULT_EVENT_RETENTION_SECONDS = 24 * 60 * 60;

/**
 * How long one append keeps trying for its seq before SequenceContentionError, and a hard cap on its
 * attempts. A lost attempt already knows the new head (from the cancellation), so it retries at once.
 * Seqs go first come, first served: a process that keeps publishing to a topic keeps winning the
 * next seq (its next request is sent the moment the last one succeeds), so an append from another
 * process may wait until that burst is over — hence a time budget rather than a few attempts.
 */
const APPEND_BUDGET_MS = 10_000;
const APPEND_ATTEMPTS = 1_000;
/** Full-jitter backoff before an uninformed retry (a transaction conflict): base and cap, in ms. */
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 50;

export function assertAppend(event: AppendTopicEvent): void {
  text(event.tenantId, 'tenantId');
  text(event.topic, 'topic');
  if (!Number.isInteger(event.retentionSeconds) || event.retentionSeconds < 1) {
    throw new InvalidInputError(`retentionSeconds must be an integer ≥ 1, got ${event.retentionSeconds}`);
  }
  if (event.data === undefined) throw new InvalidInputError('data is required (any JSON value)');
}

/** Validates a read and returns its limit. */
export function readLimit(query: ReadTopicEvents): number {
  text(query.tenantId, 'tenantId');
  text(query.topic, 'topic');
  if (!Number.isSafeInteger(query.after) || query.after < 0) {
    throw new InvalidInputError(`after must be a non-negative integer, got ${query.after}`);
  }
  const limit = query.limit ?? MAX_READ_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_READ_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_READ_LIMIT}, got ${limit}`);
  }
  return limit;
}

/** Epoch seconds at which an event published at `now` (epoch ms) expires. */
export function eventTtl(now: number, retentionSeconds: number): number {
  return ttlAfter(now, retentionSeconds);
}

/** Retained at `now` (epoch ms): TTL deletion is lazy, so an item past its `ttl` may still be read. */
export function retained(ttl: number, now: number): boolean {
  return ttl * 1000 > now;
}

/**
 * Some events after `after` are gone: the topic went past `after` but the first retained event is
 * not `after + 1` (or none is retained).
 */
export function isTruncated(after: number, head: number, firstSeq: number | undefined): boolean {
  return head > after && (firstSeq === undefined || firstSeq > after + 1);
}

/** Thrown by one append attempt whose `seq` a concurrent publisher took first. */
export class SeqTaken extends Error {
  override name = 'SeqTaken';

  constructor(
    message: string,
    /** The attempt learned the current head (from the cancellation), so the next one can go at once. */
    readonly informed: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RetryOptions {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock for the time budget; default Date.now. */
  now?: () => number;
}

/**
 * Runs `attempt` until it does not throw SeqTaken, for at most APPEND_BUDGET_MS (and APPEND_ATTEMPTS),
 * then throws SequenceContentionError. An attempt that learned the current head is retried at once; one that did
 * not (a transaction conflict) waits a full-jitter exponential backoff first.
 */
export async function withSeqRetry<T>(scope: { tenantId: string; topic: string }, attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const started = now();
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof SeqTaken)) throw err;
      if (i + 1 >= APPEND_ATTEMPTS || now() - started >= APPEND_BUDGET_MS) {
        throw new SequenceContentionError(`Topic ${scope.topic}: no seq after ${i + 1} attempts (concurrent publishers)`, {
          cause: err,
          context: { operation: 'events.append', tenantId: scope.tenantId, topic: scope.topic },
        });
      }
      // An informed retry goes at once: waiting would only hand the next seq to whoever is faster.
      if (!err.informed) await wait(Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** i)));
    }
  }
}

function text(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(`${field} must be a non-empty string`);
}
