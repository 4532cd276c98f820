// @streamer/processor/aws: the AWS SDK adapters of the processor's ports, wired by the apps.
// - SqsRetryQueue (RetryQueue): SQS SendMessage with DelaySeconds.
// - DynamoStreamBatchReader (StreamBatchReader): a shard iterator AT the batch's first sequence
//   number, then GetRecords until the batch's last one
//   (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html).
//   Records are kept 24 h; a batch older than that cannot be read and its dead letter is retried until
//   it is parked (StreamBatchUnavailableError).
import {
  DynamoDBStreamsClient,
  type DynamoDBStreamsClientConfig,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamApiRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { StreamBatchInfo, StreamBatchReader } from './dead-letters';
import { ProcessorConfigError, RetryQueueError, StreamBatchUnavailableError } from './errors';
import { retryMessageBody } from './records';
import type { RetryQueue } from './settings';
import { MAX_RETRY_DELAY_SECONDS } from './settle';

type SqsRetryQueueOptions = { queueUrl: string } & ({ client: SQSClient } | { clientConfig?: SQSClientConfig });

export class SqsRetryQueue implements RetryQueue {
  readonly #queueUrl: string;
  readonly #client: SQSClient;

  constructor(options: SqsRetryQueueOptions) {
    if (!options.queueUrl) throw new ProcessorConfigError('SqsRetryQueue needs a queueUrl');
    this.#queueUrl = options.queueUrl;
    this.#client = 'client' in options ? options.client : new SQSClient(options.clientConfig ?? {});
  }

  async enqueue(requestId: string, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_RETRY_DELAY_SECONDS) {
      throw new RetryQueueError(`delaySeconds must be an integer from 0 to ${MAX_RETRY_DELAY_SECONDS}, got ${delaySeconds}`, {
        context: { requestId },
      });
    }
    const command = new SendMessageCommand({
      QueueUrl: this.#queueUrl,
      MessageBody: retryMessageBody(requestId),
      DelaySeconds: delaySeconds,
    });
    try {
      await this.#client.send(command);
    } catch (cause) {
      const name = cause instanceof Error ? cause.name : 'unknown error';
      throw new RetryQueueError(`Retry of ${requestId} could not be queued (${name})`, {
        cause,
        context: { requestId, queueUrl: this.#queueUrl },
      });
    }
  }
}

type DynamoStreamBatchReaderOptions = ({ client: DynamoDBStreamsClient } | { clientConfig?: DynamoDBStreamsClientConfig }) & {
  /** GetRecords calls per batch at most (an open shard can answer empty pages). Default 20. */
  maxReads?: number;
};

export class DynamoStreamBatchReader implements StreamBatchReader {
  readonly #client: DynamoDBStreamsClient;
  readonly #maxReads: number;

  constructor(options: DynamoStreamBatchReaderOptions = {}) {
    this.#client = 'client' in options ? options.client : new DynamoDBStreamsClient(options.clientConfig ?? {});
    this.#maxReads = options.maxReads ?? 20;
  }

  async read(batch: StreamBatchInfo): Promise<StreamApiRecord[]> {
    const end = BigInt(batch.endSequenceNumber);
    const records: StreamApiRecord[] = [];
    try {
      let iterator = await this.iteratorAt(batch);
      for (let reads = 0; iterator !== undefined && reads < this.#maxReads; reads += 1) {
        const page = await this.#client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const record of page.Records ?? []) {
          if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records;
          records.push(record);
        }
        iterator = page.NextShardIterator;
      }
      return records;
    } catch (cause) {
      const name = cause instanceof Error ? cause.name : 'unknown error';
      throw new StreamBatchUnavailableError(`Stream batch cannot be read (${name})`, { cause, context: { ...batch } });
    }
  }

  private async iteratorAt(batch: StreamBatchInfo): Promise<string | undefined> {
    const { ShardIterator } = await this.#client.send(
      new GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: batch.startSequenceNumber,
      }),
    );
    return ShardIterator;
  }
}
