// The processor: DynamoDB Stream and SQS batches in, partial batch responses out. A batch is dispatched
// on its event source, then an SQS batch on its queue (the retry queue, or one of the dead-letter queues).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeadLetters } from './dead-letters';
import { UnsupportedEventError } from './errors';
import { observeBatch, requestIdFromSqsRecord, requestIdFromStreamRecord } from './records';
import { RequestRunner } from './run-request';
import { type Invocation, type ProcessorOptions, type ProcessorSettings, resolveSettings } from './settings';
import type { RunReport } from './settle';
import { LeaseWatchdog } from './watchdog';

/** Lambda's partial batch response: the records to redeliver (SQS message ids / stream sequence numbers). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface Processor {
  /**
   * A batch from any of the processor's event sources, dispatched on its `eventSource` to
   * `handleStreamEvent` or `handleSqsEvent`. An empty batch has no failures; an event without
   * `Records`, from another source, or mixing sources throws UnsupportedEventError.
   */
  handleEvent(event: DynamoDBStreamEvent | SQSEvent, invocation?: Invocation): Promise<BatchResponse>;
  /** New `queued` requests from the requests table's stream; every other record is ignored. */
  handleStreamEvent(event: DynamoDBStreamEvent, invocation?: Invocation): Promise<BatchResponse>;
  /**
   * Delayed retries from the retry queue (`{"requestId": "…"}` bodies); a batch from one of the
   * `deadLetters` queues fails the requests its messages stand for; a batch from the watchdog queue
   * recovers the requests whose lease ended with their run still unsettled.
   */
  handleSqsEvent(event: SQSEvent, invocation?: Invocation): Promise<BatchResponse>;
  /** Claims and runs one request (what every record comes down to). */
  processRequest(requestId: string, invocation?: Invocation): Promise<RunReport>;
}

export function createProcessor(options: ProcessorOptions): Processor {
  const settings = resolveSettings(options);
  const watchdog = new LeaseWatchdog(settings);
  const runner = new RequestRunner(settings, watchdog);
  const run = (requestId: string, invocation?: Invocation) => runner.run(requestId, invocation);
  const deadLetters = new DeadLetters(settings, runner.settler, settings.deadLetters.streamReader);
  const { retryQueueArn, streamQueueArn } = settings.deadLetters;
  const processor: Processor = {
    handleEvent: async (event, invocation) => {
      const source = eventSourceOf(event);
      if (source === undefined) return { batchItemFailures: [] };
      if (source === 'aws:dynamodb') return processor.handleStreamEvent(event as DynamoDBStreamEvent, invocation);
      return processor.handleSqsEvent(event as SQSEvent, invocation);
    },
    handleStreamEvent: (event, invocation) => {
      observeBatch(settings.metrics, 'stream', event.Records, settings.clock.now());
      return processBatch(settings, event, EventType.DynamoDBStreams, async (record: DynamoDBRecord) => {
        const requestId = requestIdFromStreamRecord(record);
        return requestId === undefined ? undefined : run(requestId, invocation);
      });
    },
    handleSqsEvent: (event, invocation) => {
      // One event source mapping per queue: every record of a batch comes from the same queue.
      const queueArn = event.Records[0]?.eventSourceARN;
      const observe = (source: string) => observeBatch(settings.metrics, source, event.Records, settings.clock.now());
      if (queueArn !== undefined && queueArn === retryQueueArn) {
        observe('retry-dlq');
        return processBatch(settings, event, EventType.SQS, (record: SQSRecord) => deadLetters.retryMessage(record));
      }
      if (queueArn !== undefined && queueArn === streamQueueArn) {
        observe('stream-dlq');
        return processBatch(settings, event, EventType.SQS, (record: SQSRecord) => deadLetters.streamFailure(record));
      }
      if (watchdog.owns(queueArn)) {
        observe('watchdog');
        return processBatch(settings, event, EventType.SQS, (record: SQSRecord) => watchdog.check(record));
      }
      observe('retry');
      return processBatch(settings, event, EventType.SQS, (record: SQSRecord) => run(requestIdFromSqsRecord(record), invocation));
    },
    processRequest: run,
  };
  return processor;
}

/** `aws:dynamodb` or `aws:sqs`, the same for every record; undefined for an empty batch. */
function eventSourceOf(event: DynamoDBStreamEvent | SQSEvent): 'aws:dynamodb' | 'aws:sqs' | undefined {
  const records: readonly { eventSource?: string }[] | undefined = Array.isArray(event?.Records) ? event.Records : undefined;
  if (!records) throw new UnsupportedEventError('Event has no Records: expected a DynamoDB Stream or SQS batch');
  if (records.length === 0) return undefined;
  const source = records[0]?.eventSource;
  if (source !== 'aws:dynamodb' && source !== 'aws:sqs') throw new UnsupportedEventError(`Unsupported event source ${String(source)}`);
  if (records.some((record) => record.eventSource !== source)) throw new UnsupportedEventError('Batch mixes event sources');
  return source;
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
      settings.metrics.count('RecordsFailed', 1, { source: eventType === EventType.SQS ? 'sqs' : 'stream' });
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
