import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { Readable } from 'node:stream';
import { DynamoStreamBatchReader } from './aws';
import { StreamBatchUnavailableError } from './errors';

const BATCH = { streamArn: 'arn:stream', shardId: 'shardId-1', startSequenceNumber: '200', endSequenceNumber: '300' };

/** A real Streams client whose HTTP answers come from `answer(target, body)`. */
function clientAnswering(answer: (target: string, body: Record<string, unknown>) => { status?: number; body: unknown }): { client: DynamoDBStreamsClient; calls: [string, Record<string, unknown>][] } {
  const calls: [string, Record<string, unknown>][] = [];
  const client = new DynamoDBStreamsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => {
        const target = (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const body = JSON.parse(String(request.body ?? '{}')) as Record<string, unknown>;
        calls.push([target, body]);
        const reply = answer(target, body);
        return { response: { statusCode: reply.status ?? 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(reply.body))]) } };
      },
    },
  });
  return { client, calls };
}

const record = (sequence: string) => ({ eventName: 'INSERT', dynamodb: { Keys: { requestId: { S: `r${sequence}` } }, SequenceNumber: sequence } });

describe('DynamoStreamBatchReader', () => {
  it('reads from the first sequence number (AT_SEQUENCE_NUMBER) up to the last one of the batch', async () => {
    const pages = [{ Records: [record('200'), record('250')], NextShardIterator: 'it-2' }, { Records: [record('300'), record('301')], NextShardIterator: 'it-3' }];
    const { client, calls } = clientAnswering((target) => (target === 'GetShardIterator' ? { body: { ShardIterator: 'it-1' } } : { body: pages.shift() }));

    const records = await new DynamoStreamBatchReader({ client }).read(BATCH);

    expect(records.map((r) => r.dynamodb?.SequenceNumber)).toEqual(['200', '250', '300']);
    expect(calls[0]).toEqual(['GetShardIterator', { StreamArn: 'arn:stream', ShardId: 'shardId-1', ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '200' }]);
    expect(calls.filter(([target]) => target === 'GetRecords')).toHaveLength(2);
  });

  it('stops after a bounded number of empty reads of an open shard', async () => {
    const { client, calls } = clientAnswering((target) => ({ body: target === 'GetShardIterator' ? { ShardIterator: 'it' } : { Records: [], NextShardIterator: 'it' } }));

    await expect(new DynamoStreamBatchReader({ client, maxReads: 3 }).read(BATCH)).resolves.toEqual([]);
    expect(calls.filter(([target]) => target === 'GetRecords')).toHaveLength(3);
  });

  it('turns a trimmed batch (older than the stream keeps records) into StreamBatchUnavailableError', async () => {
    const { client } = clientAnswering(() => ({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException', message: 'trimmed' } }));

    await expect(new DynamoStreamBatchReader({ client }).read(BATCH)).rejects.toBeInstanceOf(StreamBatchUnavailableError);
  });
});
