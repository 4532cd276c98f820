import { RecordingMetrics } from '@streamer/kernel/testing';
import fc from 'fast-check';
import { ItemNotFoundError, StoreUnavailableError } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { ACTION_NAMES } from './actions';
import { createHarness, START } from './test-support/harness';

describe('createAdminHandler', () => {
  it('answers a store failure with a generic 500 and logs the real error', async () => {
    const stores = createInMemoryStores({ clock: () => START });
    const cause = new StoreUnavailableError('DynamoDB unavailable on table streamer-prod-connections');
    stores.connections.byUser = () => {
      throw cause;
    };
    const h = createHarness({ stores: () => stores });

    const response = await h.handler({ action: 'get_user_connections', userId: 'alice' });

    expect(response).toEqual({ statusCode: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal error; see the function logs' } });
    expect(JSON.stringify(response)).not.toMatch(/streamer-prod|DynamoDB|at .*\.ts/);
    expect(h.logger.lines.filter((line) => line.level === 'error')).toEqual([
      { level: 'error', message: 'Admin action failed', extra: [{ action: 'get_user_connections', error: cause }] },
    ]);
  });

  it('answers 404 when the connection disappears while an action runs', async () => {
    const stores = createInMemoryStores({ clock: () => START });
    stores.connections.markDisconnected = async (connectionId) => {
      throw new ItemNotFoundError(`Connection ${connectionId} not found`);
    };
    const h = createHarness({ stores: () => stores });
    const response = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });
    expect(response).toEqual({ statusCode: 404, body: { code: 'NOT_FOUND', message: 'not found' } });
  });

  it('writes one audit line per action with its ids and duration, never the page token (nor in metrics or correlation)', async () => {
    const metrics = new RecordingMetrics();
    const correlated: unknown[] = [];
    const h = createHarness({ metrics, correlate: (fields) => correlated.push(fields) });
    await h.connect('c1');
    await h.connect('c2');
    const first = await h.handler({ action: 'get_all_connections', limit: 1 });
    const nextToken = (first.body as { nextToken: string }).nextToken;
    await h.handler({ action: 'get_all_connections', limit: 1, nextToken });
    await h.handler({ action: 'update_connection_status', connectionId: 'c1', status: 'DISCONNECTED' });

    const audit = h.logger.lines.filter((line) => line.level === 'info').filter((e) => e.message === 'Admin action');
    expect(audit.map((e) => e.extra[0])).toEqual([
      { action: 'get_all_connections', statusCode: 200, durationMs: 0, limit: 1 },
      { action: 'get_all_connections', statusCode: 200, durationMs: 0, limit: 1 },
      { action: 'update_connection_status', statusCode: 200, durationMs: 0, connectionId: 'c1', status: 'DISCONNECTED' },
    ]);
    expect(JSON.stringify(h.logger.lines)).not.toContain(nextToken);
    expect(correlated[2]).toEqual({ action: 'update_connection_status', connectionId: 'c1', status: 'DISCONNECTED' });
    expect(JSON.stringify([metrics.points, correlated])).not.toContain(nextToken);
    expect(metrics.total('RequestProcessed', { action: 'get_all_connections', status: '200' })).toBe(2);
    expect(metrics.named('ProcessingTime', { action: 'update_connection_status' })).toHaveLength(1);
  });

  it('lists exactly the documented actions', () => {
    expect(ACTION_NAMES).toEqual([
      'get_user_connections',
      'get_all_connections',
      'get_tenant_connections',
      'update_connection_status',
      'disconnect_connection',
      'cleanup_stale_connections',
      'publish',
    ]);
  });
});

describe('any JSON event', () => {
  const params = fc.dictionary(
    fc.constantFrom('userId', 'tenantId', 'connectionId', 'status', 'limit', 'nextToken', 'source', 'detail-type', 'other'),
    fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('c1', 'c2', 'user-1', 'tenant-1', 'CONNECTED', 'DISCONNECTED', 'aws.events', 'Scheduled Event'),
      fc.integer({ min: -5, max: 1500 }),
    ),
  );
  const events = fc.oneof(
    fc.jsonValue(),
    fc.tuple(fc.constantFrom(...ACTION_NAMES, 'unknown'), params).map(([action, rest]) => ({ ...rest, action })),
    params,
  );

  it('yields {statusCode, body} with 200, 400 or 404 and a JSON object body', async () => {
    const h = createHarness();
    await h.connect('c1');
    await h.connect('c2', { idleMs: 2 * 60 * 60 * 1000 });
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        const response = await h.handler(event);
        expect(Object.keys(response).sort()).toEqual(['body', 'statusCode']);
        expect([200, 400, 404]).toContain(response.statusCode);
        expect(typeof response.body).toBe('object');
        expect(Array.isArray(response.body)).toBe(false);
        expect(JSON.parse(JSON.stringify(response.body))).toEqual(response.body);
      }),
      { numRuns: 400 },
    );
    expect(h.logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
