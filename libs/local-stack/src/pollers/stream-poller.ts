// Lambda's DynamoDB Streams event source, against any DynamoDB Streams endpoint: finds the table's
// stream (ListStreams) and its shards (DescribeStream), starts at LATEST on the shards open at start,
// follows new shards after a split from TRIM_HORIZON once their parent is read, and feeds the
// function filtered batches through per-shard parallel lanes, retrying and dead-lettering like Lambda.
import { DescribeStreamCommand, type DynamoDBStreamsClient, ListStreamsCommand, type Shard } from '@aws-sdk/client-dynamodb-streams';
import { type Logger, sleep } from '@streamer/kernel';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LocalStackError, withinMs } from '../util/support';
import { Lanes } from './lanes';
import { ShardReader } from './shard-reader';
import { deliverStreamBatch, type ExhaustedBatch, type FilterPattern, matchesFilter, type ShardRef } from './stream-delivery';

export interface StreamPollerOptions {
  client: Pick<DynamoDBStreamsClient, 'send'>;
  tableName: string;
  invoke(event: DynamoDBStreamEvent): Promise<unknown>;
  onExhausted(batch: ExhaustedBatch, shard: ShardRef): Promise<void>;
  logger: Logger;
  filters?: readonly FilterPattern[];
  /** Records per invocation (CDK: 10). */
  batchSize?: number;
  /** Concurrent batches per shard (CDK: parallelizationFactor 10). */
  parallelization?: number;
  /** CDK: retryAttempts 3. */
  retryAttempts?: number;
  /** Wait after an empty read (default 250 ms: Lambda reads each shard 4 times a second). */
  pollIntervalMs?: number;
  /** How often new shards are looked for (default 10 s). */
  shardRefreshMs?: number;
  retryDelayMs?: (attempt: number) => number;
}

interface TrackedShard {
  parentId?: string;
  done: boolean;
}

export class StreamPoller {
  private readonly abort = new AbortController();
  private readonly shards = new Map<string, TrackedShard>();
  private readonly running = new Set<Promise<void>>();
  private streamArn = '';

  constructor(private readonly options: StreamPollerOptions) {}

  /** Resolves once every open shard is positioned at LATEST: later writes will be delivered. */
  async start(): Promise<void> {
    this.streamArn = await this.findStream();
    const shards = await this.describeShards();
    for (const shard of shards) {
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      this.track(shard, !open);
      if (open) await this.startReader(shard, 'LATEST');
    }
    this.spawn(this.refreshLoop());
  }

  async stop(graceMs = 5_000): Promise<void> {
    this.abort.abort();
    await withinMs(Promise.all([...this.running]), graceMs);
  }

  private async findStream(): Promise<string> {
    const { Streams = [] } = await this.options.client.send(new ListStreamsCommand({ TableName: this.options.tableName }));
    const latest = [...Streams].sort((a, b) => (a.StreamLabel ?? '').localeCompare(b.StreamLabel ?? '')).pop()?.StreamArn;
    if (!latest) throw new LocalStackError(`Table ${this.options.tableName} has no stream: enable a NEW_AND_OLD_IMAGES stream on it`);
    return latest;
  }

  private async describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    for (let page = 0; page < 1_000; page++) {
      const { StreamDescription } = await this.options.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }));
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
      if (!start) break;
    }
    return shards;
  }

  private track(shard: Shard, done: boolean): void {
    const tracked: TrackedShard = { done };
    if (shard.ParentShardId) tracked.parentId = shard.ParentShardId;
    this.shards.set(shard.ShardId as string, tracked);
  }

  private async refreshLoop(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      await sleep(this.options.shardRefreshMs ?? 10_000, signal);
      if (signal.aborted) return;
      try {
        await this.followNewShards();
      } catch (error) {
        this.options.logger.warn('Could not list stream shards', { error });
      }
    }
  }

  /** New shards start from their beginning, each after its parent has been read to its end. */
  private async followNewShards(): Promise<void> {
    for (const shard of await this.describeShards()) {
      const id = shard.ShardId as string;
      if (this.shards.has(id)) continue;
      const parent = shard.ParentShardId ? this.shards.get(shard.ParentShardId) : undefined;
      if (parent && !parent.done) continue;
      this.track(shard, false);
      await this.startReader(shard, 'TRIM_HORIZON');
    }
  }

  private async startReader(shard: Shard, from: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const shardRef: ShardRef = { shardId: shard.ShardId as string, streamArn: this.streamArn };
    const reader = new ShardReader({
      client: this.options.client,
      streamArn: this.streamArn,
      shardId: shardRef.shardId,
      lanes: this.lanesFor(shardRef),
      accept: (record) => this.accepts(record),
      pollIntervalMs: this.options.pollIntervalMs ?? 250,
      logger: this.options.logger,
      signal: this.abort.signal,
    });
    await reader.position(from);
    this.spawn(
      reader.run().then(() => {
        const tracked = this.shards.get(shardRef.shardId);
        if (tracked) tracked.done = true;
        if (!this.abort.signal.aborted) return this.followNewShards().catch(() => undefined);
        return undefined;
      }),
    );
  }

  private lanesFor(shard: ShardRef): Lanes<DynamoDBRecord> {
    const batchSize = this.options.batchSize ?? 10;
    return new Lanes<DynamoDBRecord>({
      lanes: this.options.parallelization ?? 10,
      batchSize,
      maxBuffered: batchSize * 100,
      keyOf: (record) => JSON.stringify(record.dynamodb?.Keys ?? {}),
      deliver: (batch) =>
        deliverStreamBatch(batch, {
          invoke: (event) => this.options.invoke(event),
          retryAttempts: this.options.retryAttempts ?? 3,
          onExhausted: (exhausted) => this.exhausted(exhausted, shard),
          logger: this.options.logger,
          signal: this.abort.signal,
          ...(this.options.retryDelayMs ? { retryDelayMs: this.options.retryDelayMs } : {}),
        }),
    });
  }

  private async exhausted(batch: ExhaustedBatch, shard: ShardRef): Promise<void> {
    this.options.logger.warn('Stream batch exhausted its retries; sent to the on-failure destination', { shardId: shard.shardId, records: batch.records.length });
    try {
      await this.options.onExhausted(batch, shard);
    } catch (error) {
      this.options.logger.error('Could not write to the stream on-failure destination', { error });
    }
  }

  private accepts(record: DynamoDBRecord): boolean {
    const filters = this.options.filters ?? [];
    return filters.length === 0 || filters.some((pattern) => matchesFilter(record, pattern));
  }

  private spawn(task: Promise<unknown>): void {
    const tracked: Promise<void> = task
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger.error('Stream poller task failed', { error }))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }
}
