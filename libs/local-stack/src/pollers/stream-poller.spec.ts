import { silentLogger } from '@streamer/kernel';
import { waitFor } from '@streamer/kernel/testing';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { FakeStreams } from '../test-support/fake-streams';
import { type ExhaustedBatch, QUEUED_INSERT_PATTERN, type ShardRef } from './stream-delivery';
import { StreamPoller } from './stream-poller';

const requestIds = (events: DynamoDBStreamEvent[]) => events.flatMap((e) => e.Records.map((r: DynamoDBRecord) => r.dynamodb?.NewImage?.['requestId']?.S));

describe('StreamPoller', () => {
  let streams: FakeStreams;
  let events: DynamoDBStreamEvent[];
  let exhausted: { batch: ExhaustedBatch; shard: ShardRef }[];
  let respond: (event: DynamoDBStreamEvent) => Promise<unknown>;
  let poller: StreamPoller;

  beforeEach(() => {
    streams = new FakeStreams().addShard('shard-1');
    events = [];
    exhausted = [];
    respond = async () => ({ batchItemFailures: [] });
  });
  afterEach(() => poller.stop());

  function start(): Promise<void> {
    poller = new StreamPoller({
      client: streams,
      tableName: 'requests',
      invoke: async (event) => {
        events.push(event);
        return respond(event);
      },
      onExhausted: async (batch, shard) => void exhausted.push({ batch, shard }),
      filters: [QUEUED_INSERT_PATTERN],
      pollIntervalMs: 5,
      shardRefreshMs: 20,
      retryDelayMs: () => 1,
      logger: silentLogger,
    });
    return poller.start();
  }

  it('starts at LATEST and delivers only new queued inserts, as Lambda records', async () => {
    streams.put('shard-1', 'before-start');
    await start();
    streams.put('shard-1', 'r1');
    streams.put('shard-1', 'r1', 'processing', 'MODIFY');
    streams.put('shard-1', 'r2', 'completed');
    streams.put('shard-1', 'r3');
    await waitFor(() => requestIds(events).length >= 2 || undefined, 'two queued requests');
    expect(requestIds(events).sort()).toEqual(['r1', 'r3']);
    const record = events[0]?.Records[0];
    expect(record).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', eventSourceARN: expect.stringContaining(':table/requests/stream/') });
    expect(record?.dynamodb?.ApproximateCreationDateTime).toBe(1_700_000_000);
  });

  it('batches at most 10 records per invocation', async () => {
    await start();
    for (let i = 0; i < 25; i++) streams.put('shard-1', 'one-request');
    await waitFor(() => requestIds(events).length >= 25 || undefined, '25 records');
    expect(events.map((e) => e.Records.length)).toEqual([10, 10, 5]);
  });

  it('follows a split: the children are read from their start once the parent is finished', async () => {
    await start();
    streams.put('shard-1', 'parent-record');
    streams.close('shard-1');
    streams.addShard('shard-2', 'shard-1');
    streams.put('shard-2', 'child-record');
    await waitFor(() => requestIds(events).includes('child-record') || undefined, 'the child shard record');
    expect(requestIds(events)).toEqual(['parent-record', 'child-record']);
  });

  it('retries a failing record, then sends it to the on-failure destination with its shard', async () => {
    respond = async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.dynamodb?.NewImage?.['requestId']?.S === 'poison').map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber })),
    });
    await start();
    const ok = streams.put('shard-1', 'ok');
    const poison = streams.put('shard-1', 'poison');
    const dead = await waitFor(() => exhausted[0], 'the on-failure destination');
    expect(dead.shard.shardId).toBe('shard-1');
    expect(dead.batch.invokeCount).toBe(4);
    expect(dead.batch.records.map((r) => r.dynamodb?.SequenceNumber)).toEqual([poison]);
    expect(requestIds(events).filter((id) => id === 'poison')).toHaveLength(4);
    expect(events.flatMap((e) => e.Records).some((r) => r.dynamodb?.SequenceNumber === ok)).toBe(true);
  });
});
