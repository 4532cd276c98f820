// Reads one shard of a DynamoDB stream through GetRecords, as Lambda's event source poller does:
// each non-empty read is mapped to Lambda records, filtered, and queued on the shard's lanes; an empty
// read waits a short, bounded interval. Ends when the shard is closed and fully read.
import { type DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type ShardIteratorType } from '@aws-sdk/client-dynamodb-streams';
import { type Logger, sleep } from '@streamer/kernel';
import { toLambdaStreamRecord } from '@streamer/store/local';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Lanes } from './lanes';

export interface ShardReaderOptions {
  client: Pick<DynamoDBStreamsClient, 'send'>;
  streamArn: string;
  shardId: string;
  lanes: Lanes<DynamoDBRecord>;
  accept(record: DynamoDBRecord): boolean;
  pollIntervalMs: number;
  logger: Logger;
  signal: AbortSignal;
}

const READ_LIMIT = 100;
const MAX_ERROR_BACKOFF_MS = 5_000;

export class ShardReader {
  private iterator: string | undefined;
  private lastSequence: string | undefined;
  private startedAt: 'LATEST' | 'TRIM_HORIZON' = 'LATEST';
  private errors = 0;

  constructor(private readonly options: ShardReaderOptions) {}

  /** Positions the reader (LATEST for shards open at start, TRIM_HORIZON for shards found later). */
  async position(type: Extract<ShardIteratorType, 'LATEST' | 'TRIM_HORIZON'>): Promise<void> {
    this.startedAt = type;
    this.iterator = await this.iteratorFor(type);
  }

  /** Reads until the shard ends or the poller stops; then waits for the shard's lanes to drain. */
  async run(): Promise<void> {
    const { signal } = this.options;
    while (!signal.aborted && this.iterator !== undefined) {
      try {
        await this.readOnce();
        this.errors = 0;
      } catch (error) {
        await this.recover(error);
      }
    }
    if (!signal.aborted) await this.options.lanes.idle();
  }

  private async readOnce(): Promise<void> {
    const { Records = [], NextShardIterator } = await this.options.client.send(
      new GetRecordsCommand({ ShardIterator: this.iterator, Limit: READ_LIMIT }),
      { abortSignal: this.options.signal },
    );
    this.iterator = NextShardIterator;
    if (Records.length === 0) {
      if (NextShardIterator !== undefined) await sleep(this.options.pollIntervalMs, this.options.signal);
      return;
    }
    this.lastSequence = Records[Records.length - 1]?.dynamodb?.SequenceNumber ?? this.lastSequence;
    const records = Records.map((record) => toLambdaStreamRecord(record, this.options.streamArn)).filter((record) => this.options.accept(record));
    if (records.length > 0) await this.options.lanes.push(records, this.options.signal);
  }

  private async recover(error: unknown): Promise<void> {
    if (this.options.signal.aborted) return;
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      this.options.logger.warn('Stream shard is gone; no longer reading it', { shardId: this.options.shardId });
      this.iterator = undefined;
      return;
    }
    if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
      // Continue right after the last record read; from the oldest record still kept if that is gone too.
      this.options.logger.debug('Stream iterator no longer usable; repositioning', { shardId: this.options.shardId, reason: name });
      const resumed = await this.resume(name).catch(() => undefined);
      if (resumed !== undefined) {
        this.iterator = resumed;
        return;
      }
    }
    this.errors += 1;
    const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 100 * 2 ** this.errors);
    this.options.logger.warn('Stream read failed; retrying', { shardId: this.options.shardId, error, backoffMs: backoff });
    await sleep(backoff, this.options.signal);
  }

  private async resume(reason: string): Promise<string | undefined> {
    if (this.lastSequence === undefined) return this.iteratorFor(reason === 'ExpiredIteratorException' ? this.startedAt : 'TRIM_HORIZON');
    try {
      return await this.iteratorFor('AFTER_SEQUENCE_NUMBER');
    } catch (error) {
      if ((error as { name?: string }).name !== 'TrimmedDataAccessException') throw error;
      return this.iteratorFor('TRIM_HORIZON');
    }
  }

  private async iteratorFor(type: ShardIteratorType): Promise<string | undefined> {
    const input = { StreamArn: this.options.streamArn, ShardId: this.options.shardId, ShardIteratorType: type };
    const after = type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: this.lastSequence } : {};
    const { ShardIterator } = await this.options.client.send(new GetShardIteratorCommand({ ...input, ...after }));
    return ShardIterator;
  }
}
