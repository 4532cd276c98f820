// An in-memory DynamoDB Streams API (ListStreams, DescribeStream, GetShardIterator, GetRecords) for
// poller tests: shards can be added, appended to and closed, to exercise splits deterministically.
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

interface FakeShard {
  id: string;
  parentId?: string;
  records: _Record[];
  closed: boolean;
}

export const FAKE_STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/requests/stream/2026-01-01T00:00:00.000';

export class FakeStreams {
  private readonly shards: FakeShard[] = [];
  private sequence = 0;
  readonly calls: string[] = [];

  addShard(id: string, parentId?: string): this {
    this.shards.push(parentId ? { id, parentId, records: [], closed: false } : { id, records: [], closed: false });
    return this;
  }

  /** Appends an INSERT (or `eventName`) of request `requestId` with `status`; returns its sequence number. */
  put(shardId: string, requestId: string, status = 'queued', eventName: 'INSERT' | 'MODIFY' = 'INSERT'): string {
    const SequenceNumber = String(++this.sequence).padStart(21, '0');
    this.shard(shardId).records.push({
      eventID: `event-${this.sequence}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: new Date(1_700_000_000_000),
        Keys: { requestId: { S: requestId } },
        NewImage: { requestId: { S: requestId }, status: { S: status } },
        SequenceNumber,
        SizeBytes: 40,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    return SequenceNumber;
  }

  close(shardId: string): void {
    this.shard(shardId).closed = true;
  }

  async send(command: unknown): Promise<unknown> {
    this.calls.push((command as object).constructor.name);
    if (command instanceof ListStreamsCommand) return { Streams: [{ StreamArn: FAKE_STREAM_ARN, TableName: command.input.TableName, StreamLabel: '2026-01-01T00:00:00.000' }] };
    if (command instanceof DescribeStreamCommand) return { StreamDescription: { StreamArn: FAKE_STREAM_ARN, Shards: this.shards.map(describe) } };
    if (command instanceof GetShardIteratorCommand) return { ShardIterator: this.iterator(command.input) };
    if (command instanceof GetRecordsCommand) return this.read(command.input.ShardIterator ?? '', command.input.Limit ?? 100);
    throw new Error(`FakeStreams: unexpected ${(command as object).constructor.name}`);
  }

  private iterator(input: GetShardIteratorCommand['input']): string {
    const shard = this.shard(input.ShardId ?? '');
    const after = shard.records.findIndex((r) => r.dynamodb?.SequenceNumber === input.SequenceNumber) + 1;
    const position = { TRIM_HORIZON: 0, LATEST: shard.records.length, AFTER_SEQUENCE_NUMBER: after, AT_SEQUENCE_NUMBER: after - 1 }[input.ShardIteratorType ?? 'LATEST'];
    return `${shard.id}|${position}`;
  }

  private read(iterator: string, limit: number): { Records: _Record[]; NextShardIterator?: string } {
    const [shardId, at] = iterator.split('|');
    const shard = this.shard(shardId ?? '');
    const position = Number(at);
    const Records = shard.records.slice(position, position + limit);
    const next = position + Records.length;
    if (shard.closed && next >= shard.records.length) return { Records };
    return { Records, NextShardIterator: `${shard.id}|${next}` };
  }

  private shard(id: string): FakeShard {
    const shard = this.shards.find((s) => s.id === id);
    if (!shard) throw Object.assign(new Error(`no shard ${id}`), { name: 'ResourceNotFoundException' });
    return shard;
  }
}

function describe(shard: FakeShard): Shard {
  const last = shard.records.at(-1)?.dynamodb?.SequenceNumber;
  const range = shard.closed ? { StartingSequenceNumber: '1', EndingSequenceNumber: last ?? '1' } : { StartingSequenceNumber: '1' };
  return shard.parentId ? { ShardId: shard.id, ParentShardId: shard.parentId, SequenceNumberRange: range } : { ShardId: shard.id, SequenceNumberRange: range };
}
