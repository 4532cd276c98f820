// What invokes the functions besides API Gateway, as in the CDK stack and from the same deployment
// facts: the requests stream (filtered to new queued requests, on-failure destination the stream DLQ),
// the SQS retry queue, the lease watchdog's queue and both dead-letter queues, and the schedules (the admin's connection cleanup,
// the processor's sweeps).
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EVENT_SOURCES, SCHEDULES } from '@streamer/config/deployment';
import type { Logger } from '@streamer/kernel';
import { functionArn, LOCAL_ACCOUNT_ID } from '../lambda/lambda-function';
import { SqsPoller } from '../pollers/sqs-poller';
import { QUEUED_INSERT_PATTERN, SqsFailureDestination, streamFailureRecord } from '../pollers/stream-delivery';
import { StreamPoller } from '../pollers/stream-poller';
import { NAME_PREFIX, type StackServices } from './services';
import type { StackSettings } from './settings';
import type { Teardown } from './start-local-stack';

export async function startEventSources(settings: StackSettings, services: StackServices, teardown: Teardown, logger: Logger): Promise<void> {
  const { dynamo, sqs, functions, tables } = services;
  const processor = functions[EVENT_SOURCES.function];
  const streams = new DynamoDBStreamsClient(dynamo.clientConfig);
  const deadLetters = new SqsFailureDestination(sqs.client, sqs.queues.streamDeadLetter.url);
  const processorArn = functionArn({ functionName: processor.functionName, region: settings.region });
  const streamPoller = new StreamPoller({
    client: streams,
    tableName: tables.requests,
    invoke: (event) => processor.invoke(event),
    onExhausted: (batch, shard) => deadLetters.send(streamFailureRecord(batch, shard, processorArn)),
    filters: [QUEUED_INSERT_PATTERN],
    batchSize: EVENT_SOURCES.stream.batchSize,
    parallelization: EVENT_SOURCES.stream.parallelizationFactor,
    retryAttempts: EVENT_SOURCES.stream.retryAttempts,
    pollIntervalMs: settings.pollIntervalMs,
    logger,
  });
  teardown.add('streams client', () => streams.destroy());
  await streamPoller.start();
  teardown.add('stream poller', () => streamPoller.stop());
  // The retry queue, the lease watchdog's queue and both dead-letter queues, one SQS event source each
  // (the processor tells them apart by eventSourceARN).
  const { retry, watchdog, retryDeadLetter, streamDeadLetter } = sqs.queues;
  const sources = [['retry', retry], ['lease watchdog', watchdog], ['retry DLQ', retryDeadLetter], ['stream DLQ', streamDeadLetter]] as const;
  for (const [name, queue] of sources) {
    const sqsPoller = new SqsPoller({
      client: sqs.client,
      queueUrl: queue.url,
      queueArn: queue.arn,
      region: settings.region,
      invoke: (event) => processor.invoke(event),
      batchSize: EVENT_SOURCES.queues.batchSize,
      pollIntervalMs: settings.pollIntervalMs,
      logger,
    });
    sqsPoller.start();
    teardown.add(`SQS poller (${name})`, () => sqsPoller.stop());
  }
  for (const schedule of SCHEDULES) {
    const target = functions[schedule.function];
    const rule = `${NAME_PREFIX}-${schedule.name}`;
    const intervalMs = settings.scheduleIntervalMs ?? schedule.rateMinutes * 60_000;
    teardown.add(`schedule ${schedule.name}`, startSchedule(intervalMs, () => target.invoke(scheduledEvent(settings.region, rule)), rule, logger));
  }
}

// The CDK stack's EventBridge schedules (deployment facts `SCHEDULES`): each invokes its function with
// a scheduled event — the admin Lambda treats it as `cleanup_stale_connections`, the processor's sweep
// handler runs its sweeps. One run of a schedule at a time.
export function scheduledEvent(region: string, ruleName: string, now = new Date()): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/${ruleName}`],
    detail: {},
  };
}

/** Starts one schedule; returns its stop function. An interval of 0 schedules nothing. */
export function startSchedule(intervalMs: number, run: () => Promise<unknown>, rule: string, logger: Logger): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => logger.warn('Scheduled invocation failed', { rule, error }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
