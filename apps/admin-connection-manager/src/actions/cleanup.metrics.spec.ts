import { RecordingMetrics } from '@streamer/kernel/testing';
import { createHarness } from '../test-support/harness';
import { MAX_TENANT_DIMENSIONS } from './cleanup';

const cleanup = { action: 'cleanup_stale_connections' };

describe('cleanup_stale_connections: active connections per tenant', () => {
  it('reports the connections the gateway still knows, by tenant and in all, after a complete run', async () => {
    const metrics = new RecordingMetrics();
    const h = createHarness({ metrics });
    await h.connect('a1', { tenantId: 'acme' });
    await h.connect('a2', { tenantId: 'acme' });
    await h.connect('b1', { tenantId: 'globex' });
    await h.connect('gone', { tenantId: 'globex' });
    h.gateway.setStatus('gone', 410);

    await h.handler(cleanup);

    expect(metrics.named('ActiveConnections').map((p) => [p.dimensions, p.value])).toEqual([
      [{ tenant: 'acme' }, 2],
      [{ tenant: 'globex' }, 1],
      [{}, 3],
    ]);
    expect(metrics.named('ActiveConnections').every((p) => p.kind === 'gauge')).toBe(true);
  });

  it('keeps the tenant dimension bounded: tenants past the largest ones are summed as `other`', async () => {
    const metrics = new RecordingMetrics();
    const h = createHarness({ metrics });
    const tenants = MAX_TENANT_DIMENSIONS + 3;
    for (let i = 0; i < tenants; i += 1) await h.connect(`c-${i}`, { tenantId: `t-${String(i).padStart(3, '0')}` });
    await h.connect('extra', { tenantId: 't-000' });

    await h.handler(cleanup);

    const points = metrics.named('ActiveConnections');
    expect(points.filter((p) => p.dimensions['tenant'] !== undefined && p.dimensions['tenant'] !== 'other')).toHaveLength(MAX_TENANT_DIMENSIONS);
    expect(points.find((p) => p.dimensions['tenant'] === 't-000')?.value).toBe(2);
    expect(points.find((p) => p.dimensions['tenant'] === 'other')?.value).toBe(3);
    expect(points.find((p) => Object.keys(p.dimensions).length === 0)?.value).toBe(tenants + 1);
  });
});
