// @streamer/processor/aws: the AWS SDK adapters of the processor's ports, wired by the apps.
// - SqsRetryQueue (RetryQueue): SQS SendMessage with DelaySeconds.
// - DynamoStreamBatchReader (StreamBatchReader): a shard iterator AT the batch's first sequence
//   number, then GetRecords until the batch's last one
//   (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html).
//   Records are kept 24 h; a batch older than that cannot be read and its dead letter is retried until
//   it is parked (StreamBatchUnavailableError).
// Both load their SDK client module on first use, not at import: most invocations never send a retry
// or read a dead-lettered batch, and a Lambda evaluates whatever its bundle requires at cold start.
import type * as StreamsModule from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamsClient, DynamoDBStreamsClientConfig, _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import type * as SqsModule from '@aws-sdk/client-sqs';
import type { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { lazy } from '@streamer/kernel';
import type { StreamBatchInfo, StreamBatchReader } from './dead-letters';
import { ProcessorConfigError, RetryQueueError, StreamBatchUnavailableError } from './errors';
import { retryMessageBody } from './records';
import type { RetryQueue } from './settings';
import { MAX_RETRY_DELAY_SECONDS } from './settle';

/** Instruments a client an adapter builds (X-Ray: the Lambda telemetry's `captureClient`). */
interface Traced {
  captureClient?: <T>(client: T) => T;
}

const untraced = <T>(client: T): T => client;

type SqsRetryQueueOptions = { queueUrl: string } & ({ client: SQSClient } | ({ clientConfig?: SQSClientConfig } & Traced));

export class SqsRetryQueue implements RetryQueue {
  readonly #queueUrl: string;
  /** The SQS client, built on first use (and again after a failed load). */
  readonly #loaded: () => Promise<{ client: SQSClient; sdk: typeof SqsModule }>;

  constructor(options: SqsRetryQueueOptions) {
    if (!options.queueUrl) throw new ProcessorConfigError('SqsRetryQueue needs a queueUrl');
    this.#queueUrl = options.queueUrl;
    this.#loaded = lazy(async () => {
      const sdk = await import('@aws-sdk/client-sqs');
      return { sdk, client: 'client' in options ? options.client : (options.captureClient ?? untraced)(new sdk.SQSClient(options.clientConfig ?? {})) };
    });
  }

  async enqueue(requestId: string, delaySeconds: number, attempt?: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_RETRY_DELAY_SECONDS) {
      throw new RetryQueueError(`delaySeconds must be an integer from 0 to ${MAX_RETRY_DELAY_SECONDS}, got ${delaySeconds}`, {
        context: { requestId },
      });
    }
    try {
      const { client, sdk } = await this.#loaded();
      await client.send(new sdk.SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: retryMessageBody(requestId, attempt), DelaySeconds: delaySeconds }));
    } catch (cause) {
      const name = cause instanceof Error ? cause.name : 'unknown error';
      throw new RetryQueueError(`Retry of ${requestId} could not be queued (${name})`, {
        cause,
        context: { requestId, queueUrl: this.#queueUrl },
      });
    }
  }

}

type DynamoStreamBatchReaderOptions = ({ client: DynamoDBStreamsClient } | ({ clientConfig?: DynamoDBStreamsClientConfig } & Traced)) & {
  /** GetRecords calls per batch at most (an open shard can answer empty pages). Default 20. */
  maxReads?: number;
};

type StreamsSdk = typeof StreamsModule;

export class DynamoStreamBatchReader implements StreamBatchReader {
  readonly #maxReads: number;
  /** The Streams client, built on first use (and again after a failed load). */
  readonly #loaded: () => Promise<{ client: DynamoDBStreamsClient; sdk: StreamsSdk }>;

  constructor(options: DynamoStreamBatchReaderOptions = {}) {
    this.#maxReads = options.maxReads ?? 20;
    this.#loaded = lazy(async () => {
      const sdk = await import('@aws-sdk/client-dynamodb-streams');
      return { sdk, client: 'client' in options ? options.client : (options.captureClient ?? untraced)(new sdk.DynamoDBStreamsClient(options.clientConfig ?? {})) };
    });
  }

  async read(batch: StreamBatchInfo): Promise<StreamApiRecord[]> {
    const end = BigInt(batch.endSequenceNumber);
    const records: StreamApiRecord[] = [];
    try {
      const { client, sdk } = await this.#loaded();
      let iterator = await this.iteratorAt(client, sdk, batch);
      for (let reads = 0; iterator !== undefined && reads < this.#maxReads; reads += 1) {
        const page = await client.send(new sdk.GetRecordsCommand({ ShardIterator: iterator }));
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

  private async iteratorAt(client: DynamoDBStreamsClient, sdk: StreamsSdk, batch: StreamBatchInfo): Promise<string | undefined> {
    const { ShardIterator } = await client.send(
      new sdk.GetShardIteratorCommand({
        StreamArn: batch.streamArn,
        ShardId: batch.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: batch.startSequenceNumber,
      }),
    );
    return ShardIterator;
  }

}
