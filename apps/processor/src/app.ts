// The processor Lambda without its environment: wires the connection manager in as the processor's
// message sender and hands it each batch. Pure: everything comes in through `deps`.
import { createConnectionManager, createPublisher, type GatewayPort, messageSenderFor } from '@streamer/connection-manager';
import type { HandlerRegistry } from '@streamer/handler-api';
import type { Clock, Logger, Metrics } from '@streamer/kernel';
import { type BatchResponse, createProcessor, type ProcessorOptions, type RetryQueue, type StreamBatchReader } from '@streamer/processor';
import type { QuotaRelease, QuotaStore, Stores } from '@streamer/store';
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';

export type ProcessorEvent = DynamoDBStreamEvent | SQSEvent;

export type ProcessorHandler = (event: ProcessorEvent, context: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<BatchResponse>;

export type ProcessorSettings = Pick<
  ProcessorOptions,
  'maxRetries' | 'retryDelayMs' | 'leaseMs' | 'progressIntervalMs' | 'cancelPollMs' | 'deadlineMarginMs' | 'maxResultBytes' | 'watchdog'
> & {
  /** ARNs of the dead-letter queues this function also consumes (their SQS batches fail requests). */
  deadLetterQueueArns?: { retry?: string; stream?: string };
  /** How long topic events that handlers publish are kept for replay (EVENT_RETENTION); default 24 h. */
  eventRetentionSeconds?: number;
};

export interface ProcessorDeps {
  registry: HandlerRegistry;
  stores: Stores;
  /** Management API of the WebSocket API (the SDK adapter in production, FakeGateway in tests). */
  gateway: GatewayPort;
  retryQueue: RetryQueue;
  /** Reads dead-lettered stream batches back from the stream (DynamoStreamBatchReader in production). */
  streamReader?: StreamBatchReader;
  settings: ProcessorSettings;
  /**
   * Quotas: a finished job gives its place back (`releaseJob`); a gone socket (410) gives its
   * connection places back through the lifecycle. Default none.
   */
  quotas?: { store: Pick<QuotaStore, 'releaseJob'>; connections: QuotaRelease };
  logger: Logger;
  /** Default: none. */
  metrics?: Metrics;
  /** Default the system clock. */
  clock?: Clock;
}

export function createProcessorHandler(deps: ProcessorDeps): ProcessorHandler {
  const connections = createConnectionManager({
    gateway: deps.gateway,
    connections: deps.stores.connections,
    subscriptions: deps.stores.subscriptions,
    ...(deps.quotas ? { quotaRelease: deps.quotas.connections } : {}),
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const { deadLetterQueueArns, eventRetentionSeconds, ...settings } = deps.settings;
  const publisher = createPublisher({
    manager: connections,
    events: deps.stores.events,
    connections: deps.stores.connections,
    ...(eventRetentionSeconds === undefined ? {} : { retentionSeconds: eventRetentionSeconds }),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  const processor = createProcessor({
    ...settings,
    deadLetters: {
      ...(deadLetterQueueArns?.retry ? { retryQueueArn: deadLetterQueueArns.retry } : {}),
      ...(deadLetterQueueArns?.stream ? { streamQueueArn: deadLetterQueueArns.stream } : {}),
      ...(deps.streamReader ? { streamReader: deps.streamReader } : {}),
    },
    registry: deps.registry,
    requests: deps.stores.requests,
    sender: messageSenderFor(connections),
    publisher,
    retryQueue: deps.retryQueue,
    ...(deps.quotas ? { jobQuotas: deps.quotas.store } : {}),
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  return async (event, context) => {
    try {
      return await processor.handleEvent(event, context);
    } finally {
      // Lambda freezes the environment once the handler returns: settle (or drop and count) the
      // manager's background cleanups and touches before that.
      await connections.flush({ invocation: context });
    }
  };
}
