// The processor: DynamoDB Stream and SQS batches in, partial batch responses out.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Invocation } from './ports';
import { requestIdFromSqsRecord, requestIdFromStreamRecord } from './records';
import { RequestRunner } from './run-request';
import { type ProcessorOptions, type ProcessorSettings, resolveSettings } from './settings';
import type { RunReport } from './settle';

/** Lambda's partial batch response: the records to redeliver (SQS message ids / stream sequence numbers). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface Processor {
  /** New `queued` requests from the requests table's stream; every other record is ignored. */
  handleStreamEvent(event: DynamoDBStreamEvent, invocation?: Invocation): Promise<BatchResponse>;
  /** Delayed retries from the retry queue (`{"requestId": "…"}` bodies). */
  handleSqsEvent(event: SQSEvent, invocation?: Invocation): Promise<BatchResponse>;
  /** Claims and runs one request (what every record comes down to). */
  processRequest(requestId: string, invocation?: Invocation): Promise<RunReport>;
}

export function createProcessor(options: ProcessorOptions): Processor {
  const settings = resolveSettings(options);
  const runner = new RequestRunner(settings);
  const run = (requestId: string, invocation?: Invocation) => runner.run(requestId, invocation);
  return {
    handleStreamEvent: (event, invocation) =>
      processBatch(settings, event, EventType.DynamoDBStreams, async (record: DynamoDBRecord) => {
        const requestId = requestIdFromStreamRecord(record);
        return requestId === undefined ? undefined : run(requestId, invocation);
      }),
    handleSqsEvent: (event, invocation) =>
      processBatch(settings, event, EventType.SQS, (record: SQSRecord) => run(requestIdFromSqsRecord(record), invocation)),
    processRequest: run,
  };
}

/**
 * Powertools batch: records run in parallel, a record whose handler throws is reported in
 * `batchItemFailures` and never blocks its neighbours. A batch where every record failed is reported
 * the same way (not thrown), so the response always says which records to redeliver.
 */
async function processBatch<R extends DynamoDBRecord | SQSRecord>(
  settings: ProcessorSettings,
  event: { Records: R[] },
  eventType: (typeof EventType)['DynamoDBStreams' | 'SQS'],
  handle: (record: R) => Promise<unknown>,
): Promise<BatchResponse> {
  const logged = async (record: R): Promise<unknown> => {
    try {
      return await handle(record);
    } catch (err) {
      settings.logger.error('Record failed; Lambda will redeliver it', { recordId: recordIdOf(record), error: err as Error });
      throw err;
    }
  };
  // One BatchProcessor per batch: it keeps the batch's state, and batches may overlap (local stack).
  const processor = new BatchProcessor(eventType);
  return processPartialResponse(event, logged, processor, { throwOnFullBatchFailure: false, processInParallel: true });
}

function recordIdOf(record: DynamoDBRecord | SQSRecord): string | undefined {
  return 'messageId' in record ? record.messageId : record.dynamodb?.SequenceNumber;
}
