// What invokes the functions besides API Gateway, as in the CDK stack and from the same deployment
// facts: the requests stream (filtered to new queued requests, on-failure destination the stream DLQ),
// the SQS retry queue and both dead-letter queues, and the schedules (the admin's connection cleanup,
// the processor's sweeps).
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EVENT_SOURCES, SCHEDULES } from '@streamer/config/deployment';
import { functionArn } from '../lambda/context';
import { QUEUED_INSERT_PATTERN } from '../pollers/event-filter';
import { SqsFailureDestination, streamFailureRecord } from '../pollers/failure-destination';
import { SqsPoller } from '../pollers/sqs-poller';
import { StreamPoller } from '../pollers/stream-poller';
import type { LocalLogger } from '../util/logger';
import { scheduledEvent, startSchedule } from './schedules';
import { NAME_PREFIX, type StackServices } from './services';
import type { StackSettings } from './settings';
import type { Teardown } from './teardown';

export async function startEventSources(settings: StackSettings, services: StackServices, teardown: Teardown, logger: LocalLogger): Promise<void> {
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
  // The retry queue and both dead-letter queues, one SQS event source each (the processor tells them
  // apart by eventSourceARN).
  const { retry, retryDeadLetter, streamDeadLetter } = sqs.queues;
  for (const [name, queue] of [['retry', retry], ['retry DLQ', retryDeadLetter], ['stream DLQ', streamDeadLetter]] as const) {
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
