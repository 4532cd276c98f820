// The requests table's DynamoDB Stream, read through the Streams API the way Lambda's event source
// mapping reads it, filtered like the CDK stack's mapping (apps/infra/src/processing.ts: INSERT whose
// NewImage has status "queued"), and handed over as Lambda DynamoDBStreamEvent records, mapped by the
// store's one mapper for DynamoDB Local stream records (`toLambdaStreamRecord`).
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { toLambdaStreamRecord } from '@streamer/store/local';
import type { DynamoDBRecord } from 'aws-lambda';

/** The event source mapping's filter: `{eventName: INSERT, dynamodb.NewImage.status.S: queued}`. */
export function matchesQueuedInsert(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.['status']?.S === 'queued';
}

export class StreamFeed {
  /** Per shard: the sequence number of the last record read (undefined: none yet). */
  readonly #positions = new Map<string, string | undefined>();
  #streamArn: string | undefined;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly tableName: string,
  ) {}

  /** Skips what the stream already holds, so only changes made from now on are delivered. */
  async open(): Promise<void> {
    await this.next();
  }

  /** Every record written since the previous call that passes the mapping's filter, oldest first. */
  async next(): Promise<DynamoDBRecord[]> {
    const streamArn = await this.#discoverShards();
    const records: DynamoDBRecord[] = [];
    for (const [shardId, after] of this.#positions) {
      // A fresh iterator per read: DynamoDB Local refuses the NextShardIterator of an empty read.
      const position = after === undefined ? { ShardIteratorType: 'TRIM_HORIZON' as const } : { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after };
      const { ShardIterator } = await this.client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...position }));
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator }));
      const read = page.Records ?? [];
      records.push(...read.map((record) => toLambdaStreamRecord(record, streamArn)));
      const last = read.at(-1)?.dynamodb?.SequenceNumber;
      if (last !== undefined) this.#positions.set(shardId, last);
    }
    return records.filter(matchesQueuedInsert);
  }

  async #discoverShards(): Promise<string> {
    this.#streamArn ??= (await this.client.send(new ListStreamsCommand({ TableName: this.tableName }))).Streams?.[0]?.StreamArn;
    if (!this.#streamArn) throw new Error(`${this.tableName} has no stream`);
    const description = await this.client.send(new DescribeStreamCommand({ StreamArn: this.#streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (shard.ShardId && !this.#positions.has(shard.ShardId)) this.#positions.set(shard.ShardId, undefined);
    }
    return this.#streamArn;
  }
}
