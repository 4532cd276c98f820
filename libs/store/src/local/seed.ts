// Bulk loading of connection items for scale tests and benchmarks: BatchWriteItem, 25 items a call
// (the API's limit), several calls in flight, unprocessed items written again. The records are read
// lazily (an array or a generator: 50 000 need not be built at once). The items are what
// `ConnectionStore.put` writes (the store's own `connectionItem`), so the indexes see them as usual.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunks, runPool } from '@streamer/kernel';
import { connectionItem } from '../dynamo/connection-store';
import { StoreError } from '../errors';
import type { ConnectionRecord } from '../model';

/** BatchWriteItem takes at most 25 put or delete requests. */
const BATCH = 25;
const MAX_ROUNDS = 10;

/** Writes `connections` into `tableName`; returns the number of BatchWriteItem calls made. */
export async function seedConnections(
  doc: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  connections: Iterable<ConnectionRecord> | AsyncIterable<ConnectionRecord>,
  options: { concurrency?: number } = {},
): Promise<number> {
  const concurrency = options.concurrency ?? 8;
  let calls = 0;
  const write = async (batch: readonly ConnectionRecord[]): Promise<void> => {
    let requests = batch.map((record) => ({ PutRequest: { Item: connectionItem(record) } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new StoreError(`seedConnections: ${requests.length} items still unprocessed after ${MAX_ROUNDS} rounds`);
      calls += 1;
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  await runPool(chunks(chunks(lazily(connections), BATCH), concurrency), concurrency, write);
  return calls;
}

async function* lazily<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* items;
}
