// Processor options, their defaults and their validation, and the processor's own narrow ports (it
// reaches sockets through MessageSender, from @streamer/handler-api). Apps wire the AWS adapters
// (@streamer/processor/aws); tests use the fakes from ./testing.
import type { HandlerRegistry, MessageSender, Publisher } from '@streamer/handler-api';
import { type Clock, type Logger, type Metrics, silentMetrics, systemClock } from '@streamer/kernel';
import { createLogger } from '@streamer/kernel/node';
import { DEFAULT_MAX_RESULT_BYTES, type ServerMessage } from '@streamer/protocol';
import type { QuotaStore, RequestStore } from '@streamer/store';
import { ProcessorConfigError } from './errors';
import type { StreamBatchReader } from './dead-letters';

/** Schedules a delayed retry of a request (SQS `SendMessage` with `DelaySeconds` in production). */
export interface RetryQueue {
  /**
   * `delaySeconds` is an integer from 0 to 900. `attempt` (lease watchdog messages only) names the claim
   * the message watches.
   */
  enqueue(requestId: string, delaySeconds: number, attempt?: number): Promise<void>;
}

/** What the processor needs of the Lambda context: the time left in this invocation. */
export interface Invocation {
  getRemainingTimeInMillis(): number;
}

/** The lease watchdog's queue (see ./watchdog.ts): sent to at every claim, consumed by the processor. */
export interface WatchdogQueue {
  /** Delayed `{requestId}` messages (SQS with a message timer in production). None: no watchdog. */
  queue?: RetryQueue;
  /** The queue's ARN, which tells its SQS batches apart from the retry queue's. */
  queueArn?: string;
}

/** The dead-letter queues the processor also consumes (SQS event sources), told apart by queue ARN. */
export interface DeadLetterSources {
  /** The retry queue's redrive DLQ: its messages are the original retry messages. */
  retryQueueArn?: string;
  /** The stream event source's on-failure destination: Lambda invocation records with `DDBStreamBatchInfo`. */
  streamQueueArn?: string;
  /** Reads a dead-lettered stream batch back from the stream (DynamoStreamBatchReader). */
  streamReader?: StreamBatchReader;
}

export interface ProcessorOptions {
  /** Handlers by action; the processor runs their `processAsync`. */
  registry: HandlerRegistry;
  requests: RequestStore;
  /**
   * Sends progress and terminal messages to the request's connection (the connection manager's
   * `messageSenderFor` in the app). A rejection is logged and never fails the work.
   */
  sender: MessageSender<ServerMessage>;
  /**
   * What a handler's `context.publish` goes through (`createPublisher` of the connection manager in
   * the app), always with the request's tenant.
   */
  publisher: Publisher;
  /** Schedules delayed retries (SQS). */
  retryQueue: RetryQueue;
  /** Retries after the first attempt (a request runs at most 1 + maxRetries times). Default 3. */
  maxRetries?: number;
  /** Base delay of the exponential retry backoff. Default 5000 ms. */
  retryDelayMs?: number;
  /** Longest lease one run holds; the lease is also capped by the invocation's remaining time. Default 15 min. */
  leaseMs?: number;
  /** Minimum time between two progress deliveries for one request. Default 250 ms (≈ 4/s). */
  progressIntervalMs?: number;
  /** How often a running request's stored status is checked for a cancel; 0 turns polling off. Default 1000 ms. */
  cancelPollMs?: number;
  /** The handler is aborted this long before its lease (or the invocation) ends. Default 2000 ms. */
  deadlineMarginMs?: number;
  /**
   * Rounds of sending a terminal message (result or error) whose delivery failed transiently (the
   * sender's error has `retryable: true`); 1 sends it once. Default 4.
   */
  terminalDeliveryRounds?: number;
  /** Pause before the second round of a terminal message, doubling after each round. Default 250 ms. */
  terminalDeliveryDelayMs?: number;
  /**
   * Ceiling of a handler's result as JSON, in UTF-8 bytes: a larger result fails the request with
   * `RESULT_TOO_LARGE`; one over a message (128 KB) is delivered in `result-chunk` pieces. Default 4 MB.
   */
  maxResultBytes?: number;
  /** Checks every claim once its lease has ended and recovers a run that died. Default none (sweeps only). */
  watchdog?: WatchdogQueue;
  /** Dead-letter queues whose requests are failed with INTERNAL_ERROR. Default none. */
  deadLetters?: DeadLetterSources;
  /** Job quotas: a request that reaches a terminal state gives its place back. Default none. */
  jobQuotas?: Pick<QuotaStore, 'releaseJob'>;
  /** Default the system clock. */
  clock?: Clock;
  /** Default a Powertools structured logger (`streamer-processor`). */
  logger?: Logger;
  /** Runs by action and outcome, their duration, batch sizes and queue ages (see the README). Default none. */
  metrics?: Metrics;
}

export type ProcessorSettings = Required<ProcessorOptions>;

export const PROCESSOR_DEFAULTS = {
  maxRetries: 3,
  retryDelayMs: 5_000,
  leaseMs: 15 * 60_000,
  progressIntervalMs: 250,
  cancelPollMs: 1_000,
  deadlineMarginMs: 2_000,
  terminalDeliveryRounds: 4,
  terminalDeliveryDelayMs: 250,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
} as const;

export function resolveSettings(options: ProcessorOptions): ProcessorSettings {
  const { registry, requests, sender, publisher, retryQueue } = options;
  const settings: ProcessorSettings = {
    ...PROCESSOR_DEFAULTS,
    clock: systemClock,
    ...withoutUndefined(options),
    registry,
    requests,
    sender,
    publisher,
    retryQueue,
    deadLetters: options.deadLetters ?? {},
    jobQuotas: options.jobQuotas ?? { releaseJob: async () => undefined },
    watchdog: options.watchdog ?? {},
    logger: options.logger ?? createLogger('streamer-processor'),
    metrics: options.metrics ?? silentMetrics,
  };
  validate(settings);
  return settings;
}

function validate(s: ProcessorSettings): void {
  const nonNegative = ['retryDelayMs', 'progressIntervalMs', 'cancelPollMs', 'deadlineMarginMs', 'terminalDeliveryDelayMs'] as const;
  for (const key of nonNegative) {
    if (!Number.isFinite(s[key]) || s[key] < 0) throw new ProcessorConfigError(`${key} must be a number ≥ 0, got ${s[key]}`);
  }
  if (!Number.isInteger(s.maxRetries) || s.maxRetries < 0) {
    throw new ProcessorConfigError(`maxRetries must be an integer ≥ 0, got ${s.maxRetries}`);
  }
  if (!Number.isInteger(s.maxResultBytes) || s.maxResultBytes < 1) {
    throw new ProcessorConfigError(`maxResultBytes must be an integer ≥ 1, got ${s.maxResultBytes}`);
  }
  if (!Number.isInteger(s.terminalDeliveryRounds) || s.terminalDeliveryRounds < 1) {
    throw new ProcessorConfigError(`terminalDeliveryRounds must be an integer ≥ 1, got ${s.terminalDeliveryRounds}`);
  }
  if (!Number.isFinite(s.leaseMs) || s.leaseMs <= s.deadlineMarginMs) {
    throw new ProcessorConfigError(`leaseMs (${s.leaseMs}) must be longer than deadlineMarginMs (${s.deadlineMarginMs})`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
