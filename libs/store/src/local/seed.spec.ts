import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConnectionRecord } from '../model';
import { seedConnections } from './seed';

type Put = { PutRequest: { Item: Record<string, unknown> } };

function record(i: number, status: ConnectionRecord['status'] = 'CONNECTED'): ConnectionRecord {
  return { connectionId: `c${i}`, userId: 'u', tenantId: 't', status, endpoint: 'https://x.test/prod', connectedAt: 1, lastActiveAt: 1, ttl: 2 };
}

/** A document client whose BatchWriteItem leaves the first `unprocessed` items of its first call unprocessed. */
function fakeDoc(unprocessed: number) {
  const written: Record<string, unknown>[] = [];
  const sizes: number[] = [];
  let first = true;
  const send = async (command: { input: { RequestItems: Record<string, Put[]> } }) => {
    const puts = command.input.RequestItems['conns'] ?? [];
    sizes.push(puts.length);
    const left = first ? puts.slice(0, unprocessed) : [];
    first = false;
    written.push(...puts.slice(left.length).map((p) => p.PutRequest.Item));
    return left.length > 0 ? { UnprocessedItems: { conns: left } } : {};
  };
  return { doc: { send } as unknown as Pick<DynamoDBDocumentClient, 'send'>, written, sizes };
}

describe('seedConnections', () => {
  it('writes batches of at most 25 from a generator, writes unprocessed items again, and counts the calls', async () => {
    const fake = fakeDoc(3);
    function* records() {
      for (let i = 0; i < 60; i++) yield record(i, i % 2 === 0 ? 'CONNECTED' : 'DISCONNECTED');
    }

    const calls = await seedConnections(fake.doc, 'conns', records(), { concurrency: 2 });

    expect(calls).toBe(4);
    expect(Math.max(...fake.sizes)).toBe(25);
    expect(fake.written.map((item) => item['connectionId']).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `c${i}`).sort());
    // The items are the store's: a CONNECTED one carries its activity-index shard, a DISCONNECTED one none.
    expect(fake.written.find((item) => item['connectionId'] === 'c0')).toHaveProperty('connectedShard');
    expect(fake.written.find((item) => item['connectionId'] === 'c1')).not.toHaveProperty('connectedShard');
  });
});
