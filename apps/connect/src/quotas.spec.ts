import { createVerifier, type Verifier } from '@streamer/auth';
import { createCapturedLogger, createTestIssuer, type TestIssuer } from '@streamer/auth/testing';
import { RecordingMetrics } from '@streamer/kernel/testing';
import type { QuotaLimits } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { createConnectHandler } from './app';
import { connectEvent } from './test-support/events';

const LIMITS: QuotaLimits = { connectionsPerUser: 2, connectionsPerTenant: 3, requestsPerSecondPerTenant: 0, jobsPerUser: 0 };

describe('$connect quotas', () => {
  let issuer: TestIssuer;
  let verifier: Verifier;
  beforeAll(async () => {
    issuer = await createTestIssuer({ issuer: 'https://auth.example.com' });
    verifier = await createVerifier(issuer.config, { logger: createCapturedLogger().logger });
  });

  function setup() {
    const stores = createInMemoryStores();
    const captured = createCapturedLogger();
    const policy = (tenantId: string) => (tenantId === 'big' ? { ...LIMITS, connectionsPerUser: 10 } : LIMITS);
    const metrics = new RecordingMetrics();
    const handle = createConnectHandler({ verifier, connections: stores.connections, quotas: { store: stores.quotas, policy }, logger: captured.logger, metrics, connectionTtlMs: 60_000 });
    const connect = async (connectionId: string, sub: string, tenant = 'acme') =>
      handle(connectEvent({ connectionId, query: { Authorization: await issuer.mint({ sub, tenant_id: tenant }) } }));
    return { connect, stores, captured, metrics };
  }

  it('refuses a user over its connection limit with 429 and the reason, storing nothing', async () => {
    const { connect, stores, captured, metrics } = setup();
    expect(await connect('c-1', 'u1')).toEqual({ statusCode: 200 });
    expect(await connect('c-2', 'u1')).toEqual({ statusCode: 200 });
    expect(await connect('c-3', 'u1')).toEqual({ statusCode: 429, body: JSON.stringify({ code: 'RATE_LIMITED', reason: 'user-connections' }) });
    expect(await stores.connections.get('c-3')).toBeUndefined();
    expect(captured.text()).toContain('connect: connection quota full');
    expect(metrics.total('ConnectsRefused', { reason: 'user-connections' })).toBe(1);
    expect(metrics.total('Connects')).toBe(2);
  });

  it('refuses a tenant over its limit, and applies a tenant\'s own limits', async () => {
    const { connect } = setup();
    for (const [id, sub] of [['c-1', 'u1'], ['c-2', 'u2'], ['c-3', 'u3']]) expect((await connect(id as string, sub as string)).statusCode).toBe(200);
    expect(await connect('c-4', 'u4')).toMatchObject({ statusCode: 429, body: expect.stringContaining('tenant-connections') });
    for (const id of ['b-1', 'b-2', 'b-3']) expect((await connect(id, 'u1', 'big')).statusCode).toBe(200);
  });
});
