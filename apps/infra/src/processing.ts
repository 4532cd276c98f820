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
 * The processor's event sources: the requests stream (new queued requests), the SQS retry queue
 * (delayed retries) and the two dead-letter queues (their requests are failed). Both report partial batch failures so one bad record never blocks the rest;
 * stream batches that exhaust their retries are bisected down to the bad record, then sent to the DLQ.
 */
export function connectProcessorSources(processor: lambda.Function, requests: dynamodb.Table, queues: Queues): void {
  processor.addEventSource(
    new DynamoEventSource(requests, {
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 10,
      parallelizationFactor: 10,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 3,
      onFailure: new SqsDlq(queues.streamDeadLetterQueue),
      filters: [QUEUED_INSERT_FILTER],
    }),
  );
  processor.addEventSource(
    new SqsEventSource(queues.retryQueue, { batchSize: 10, reportBatchItemFailures: true }),
  );
  // Dead letters: the processor fails their requests with INTERNAL_ERROR. The stream DLQ holds only
  // Lambda's invocation records (DDBStreamBatchInfo, not the records:
  // https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html), so the processor reads
  // the batch back from the stream: GetShardIterator/GetRecords on it (the stream mapping grants the
  // same; granted here too so the dead-letter path does not depend on it).
  for (const queue of [queues.retryDeadLetterQueue, queues.streamDeadLetterQueue]) {
    processor.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
  }
  requests.grantStreamRead(processor);
  processor.addEnvironment('RETRY_DLQ_ARN', queues.retryDeadLetterQueue.queueArn);
  processor.addEnvironment('STREAM_DLQ_ARN', queues.streamDeadLetterQueue.queueArn);
}
