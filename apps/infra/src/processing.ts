import { EVENT_SOURCES } from '@streamer/config/deployment';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queues } from './queues';

/** Only newly queued requests start work; progress updates, results and guard items never invoke it. */
export const QUEUED_INSERT_FILTER = lambda.FilterCriteria.filter({
  eventName: lambda.FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { status: { S: lambda.FilterRule.isEqual('queued') } } },
});

/**
 * The processor's event sources (batch sizes and retries from the deployment facts): the requests stream (new queued requests), the SQS retry queue
 * (delayed retries), the lease watchdog's queue (checks of leases that ended) and the two dead-letter queues (their requests are failed). Both report partial batch failures so one bad record never blocks the rest;
 * stream batches that exhaust their retries are bisected down to the bad record, then sent to the DLQ.
 */
export function connectProcessorSources(processor: lambda.Function, requests: dynamodb.Table, queues: Queues): void {
  processor.addEventSource(
    new DynamoEventSource(requests, {
      startingPosition: lambda.StartingPosition.LATEST,
      ...EVENT_SOURCES.stream,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(queues.streamDeadLetterQueue),
      filters: [QUEUED_INSERT_FILTER],
    }),
  );
  for (const queue of [queues.retryQueue, queues.watchdogQueue]) {
    processor.addEventSource(new SqsEventSource(queue, { ...EVENT_SOURCES.queues, reportBatchItemFailures: true }));
  }
  // Dead letters: the processor fails their requests with INTERNAL_ERROR. The stream DLQ holds only
  // Lambda's invocation records (DDBStreamBatchInfo, not the records:
  // https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html), so the processor reads
  // the batch back from the stream: GetShardIterator/GetRecords on it (the stream mapping grants the
  // same; granted here too so the dead-letter path does not depend on it).
  for (const queue of [queues.retryDeadLetterQueue, queues.streamDeadLetterQueue]) {
    processor.addEventSource(new SqsEventSource(queue, { ...EVENT_SOURCES.queues, reportBatchItemFailures: true }));
  }
  requests.grantStreamRead(processor);
}
