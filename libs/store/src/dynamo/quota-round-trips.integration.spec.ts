// Round trips and write units of the quotas on the hot paths, counted by a middleware on the client
// against DynamoDB Local: $connect's put and both connection places are one TransactWriteItems, a
// retire releases the places with two UpdateItems beside the mark, a frame's tenant-rate take is one
// UpdateItem at most (a claim of slots of the second; the next frames use them without a call), a job's
// release is one UpdateItem, and a job's place rides in the request's create transaction.
import type { Logger } from '@streamer/kernel';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { ConnectionLifecycle } from '../lifecycle';
import { callsByOperation, countCalls } from '../local/call-counter';
import { localClientConfig } from '../local/tables';
import type { QuotaLimits } from '../quotas';
import { tableNamesFromEnv } from '../tables';
import { connection, T0, uid } from '../contract/contract-support';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const counter = countCalls(client, { consumedCapacity: true });
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const stores = createDynamoStores({ client, tables: tableNamesFromEnv(process.env), clock: () => T0, logger });
const limits: QuotaLimits = { connectionsPerUser: 100, connectionsPerTenant: 20_000, requestsPerSecondPerTenant: 2_000, jobsPerUser: 100 };
const lifecycle = new ConnectionLifecycle({ ...stores, quotaRelease: { store: stores.quotas, policy: () => limits } });

afterAll(() => client.destroy());

describe('quota round trips per hot-path operation (DynamoDB Local)', () => {
  it('stores a connection and takes both its places in one TransactWriteItems, and releases them beside the mark', async () => {
    const connectionId = uid('qrt');
    counter.take();
    expect(await stores.quotas.admitConnection(connection({ connectionId, tenantId: uid('t') }), limits)).toEqual({ admitted: true });
    const [admit] = counter.take();
    expect(admit?.operation).toBe('TransactWriteItems');
    // Transactional writes cost two units per item (per KB): the connection's index copies show it. DynamoDB
    // Local reports 4 units for the three base-table items; DynamoDB bills 6 for these three small items.
    expect({ table: admit?.tableWriteUnits, indexes: admit?.indexWriteUnits }).toEqual({ table: 4, indexes: { UserIdIndex: 2, TenantIdIndex: 2, ConnectedActivityIndex: 2 } });
    await lifecycle.retire(connectionId, { at: T0 });
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 3 });
  });

  it('takes a tenant-rate place with one UpdateItem and a job place inside the request\'s create transaction', async () => {
    counter.take();
    expect((await stores.quotas.takeTenantRate(uid('t'), limits, T0)).allowed).toBe(true);
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 1 });
    const request = { requestId: uid('r'), connectionId: 'c', userId: 'u', tenantId: uid('t'), clientId: 'c-1', action: 'a', payload: {} };
    expect(await stores.quotas.enqueue(request, limits)).toMatchObject({ admitted: true, created: true });
    expect(callsByOperation(counter.take())).toEqual({ TransactWriteItems: 1 });
    await stores.quotas.releaseJob(request);
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 1 });
  });

  it('claims a tenant\'s second in doubling batches: writes for N frames of one second from one environment', async () => {
    const writes: Record<number, number> = {};
    for (const frames of [1, 10, 100, 400]) {
      const tenantId = uid('t');
      counter.take();
      for (let i = 0; i < frames; i += 1) expect((await stores.quotas.takeTenantRate(tenantId, limits, T0)).allowed).toBe(true);
      const calls = callsByOperation(counter.take());
      writes[frames] = calls['UpdateItem'] ?? 0;
      expect(Object.keys(calls)).toEqual(['UpdateItem']);
    }
    // Claims of 1, 2, 4, 8, then 16 slots (2 000/s); 400 frames claim at most 415 slots, so no 500-slot shard fills.
    expect(writes).toEqual({ 1: 1, 10: 4, 100: 10, 400: 29 });
  });
});
