// Reads a table's DynamoDB Stream through the Streams API (as Lambda's event source mapping does) and
// hands the new records over as a Lambda DynamoDBStreamEvent, mapped by the store's one mapper for
// DynamoDB Local stream records (`toLambdaStreamRecord`, which restores the empty maps it loses).
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { toLambdaStreamRecord } from '@streamer/store/local';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export class StreamReader {
  readonly #iterators = new Map<string, string>();
  #streamArn: string | undefined;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly tableName: string,
  ) {}

  /** Every record written since the previous call, oldest first. */
  async next(): Promise<DynamoDBStreamEvent> {
    const streamArn = await this.#openShards();
    const records: DynamoDBRecord[] = [];
    for (const [shardId, iterator] of this.#iterators) {
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...(page.Records ?? []).map((record) => toLambdaStreamRecord(record, streamArn)));
      if (page.NextShardIterator) this.#iterators.set(shardId, page.NextShardIterator);
      else this.#iterators.delete(shardId);
    }
    return { Records: records };
  }

  async #openShards(): Promise<string> {
    this.#streamArn ??= (await this.client.send(new ListStreamsCommand({ TableName: this.tableName }))).Streams?.[0]?.StreamArn;
    if (!this.#streamArn) throw new Error(`${this.tableName} has no stream`);
    const description = await this.client.send(new DescribeStreamCommand({ StreamArn: this.#streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.#iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.#streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      if (ShardIterator) this.#iterators.set(shard.ShardId, ShardIterator);
    }
    return this.#streamArn;
  }
}
