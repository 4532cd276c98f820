// The router's store round trips per frame against DynamoDB Local, counted by the store's middleware on
// the client: a frame is admitted with one UpdateItem (no GetItem), an async request adds its one
// transaction, and frames from unknown or disconnected connections are refused after that one write.
import type { Logger as StoreLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { callsByOperation, countCalls, localClientConfig } from '@streamer/store/local';
import { createFixture, type Fixture } from './test-support/fixture';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const counter = countCalls(client);
const tables = tableNamesFromEnv(process.env);
const logger: StoreLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

afterAll(() => client.destroy());

describe('router store round trips per frame (DynamoDB Local)', () => {
  let f: Fixture;

  beforeEach(() => {
    f = createFixture({ stores: (clock) => createDynamoStores({ client, tables, clock, logger }) });
  });

  async function callsFor(connectionId: string, frame: unknown): Promise<{ reply: unknown; calls: Record<string, number> }> {
    counter.take();
    const reply = await f.send(connectionId, frame);
    return { reply, calls: callsByOperation(counter.take()) };
  }

  it('answers a sync frame after one UpdateItem, and replies to the calling socket unread', async () => {
    const conn = await f.connect();
    for (const id of ['p-1', 'p-2', 'p-3']) {
      expect(await callsFor(conn.connectionId, { id, action: 'ping' })).toEqual({ reply: { id, type: 'pong' }, calls: { UpdateItem: 1 } });
    }
    expect(f.sender.sent.every((s) => s.verified)).toBe(true);
  });

  it('acks an async request after two round trips: the admit and the request transaction', async () => {
    const conn = await f.connect();
    const { reply, calls } = await callsFor(conn.connectionId, { id: 'r-1', action: 'report', payload: { recordCount: 5000 } });
    expect(reply).toMatchObject({ type: 'ack', status: 'queued' });
    expect(calls).toEqual({ UpdateItem: 1, TransactWriteItems: 1 });
  });

  it('refuses an unknown connection (UNAUTHORIZED) and a disconnected one (FORBIDDEN) after the one UpdateItem', async () => {
    const { reply: unknown, calls: unknownCalls } = await callsFor(f.uid('ghost'), { id: 'c-1', action: 'report', payload: { recordCount: 5000 } });
    expect(unknown).toMatchObject({ type: 'error', error: { code: 'UNAUTHORIZED' } });
    expect(unknownCalls).toEqual({ UpdateItem: 1 });
    const gone = await f.connect({ status: 'DISCONNECTED' });
    const { reply: forbidden, calls: goneCalls } = await callsFor(gone.connectionId, { id: 'c-2', action: 'ping' });
    expect(forbidden).toMatchObject({ type: 'error', error: { code: 'FORBIDDEN' } });
    expect(goneCalls).toEqual({ UpdateItem: 1 });
  });
});
