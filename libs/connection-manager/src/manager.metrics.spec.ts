import { RecordingMetrics } from '@streamer/kernel/testing';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

describe('ConnectionManager metrics', () => {
  let s: Setup;
  afterEach(async () => {
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('reports send and broadcast latency percentiles, counts and errors by type', async () => {
    s = setup({ sleep: recordingSleep().sleep, fake: { latencyMs: 1 } });
    await Promise.all(['a', 'b', 'c', 'gone', 'bad'].map((id) => s.connect(id)));
    s.gateway.setStatus('gone', 410);
    s.gateway.setStatus('bad', 502);
    for (const id of ['a', 'b', 'c']) await s.manager.send(id, {});
    await s.manager.send('gone', {}).catch(() => undefined);
    await s.manager.send('bad', {}).catch(() => undefined);
    await s.manager.send('missing', {}).catch(() => undefined);
    await s.manager.broadcast(['a', 'b'], {});

    const m = s.manager.getMetrics();
    expect(m.send).toMatchObject({ count: 6, succeeded: 3, failed: 3 });
    expect(m.send.p50Ms).toBeGreaterThan(0);
    expect(m.send.p50Ms).toBeLessThanOrEqual(m.send.p99Ms);
    expect(m.send.p99Ms).toBeLessThanOrEqual(m.send.p999Ms);
    expect(m.send.p999Ms).toBeLessThanOrEqual(m.send.maxMs);
    expect(m.broadcast).toMatchObject({ count: 1, completed: 1, partial: 0, sent: 2, gone: 0, failed: 0 });
    expect(m.errors).toEqual({ connection_stale: 1, gateway_server: 1, connection_not_found: 1 });
    expect(m.retries).toBe(2);
    expect(m.breakers).toEqual({ gateway: 'closed', gatewayOpens: 0, connectionsOpen: 0, connectionsTracked: 1 });
  });

  it('shows operations in flight while they run', async () => {
    s = setup();
    await s.connect('a');
    await s.connect('b');
    s.gateway.hold();
    const send = s.manager.send('a', {});
    const active = s.manager.isActive('b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.manager.getMetrics().inFlight).toEqual({ sends: 1, broadcasts: 0, checks: 1, gatewayCalls: 2 });
    s.gateway.release();
    await send;
    await active;
    expect(s.manager.getMetrics().inFlight).toEqual({ sends: 0, broadcasts: 0, checks: 0, gatewayCalls: 0 });
  });

  it('records every send, broadcast, retry and error on the injected Metrics, with low-cardinality dimensions', async () => {
    const metrics = new RecordingMetrics();
    s = setup({ sleep: recordingSleep().sleep, metrics });
    await Promise.all(['a', 'b', 'gone', 'bad'].map((id) => s.connect(id)));
    s.gateway.setStatus('gone', 410);
    s.gateway.setStatus('bad', 502);
    await s.manager.send('a', {});
    await s.manager.send('bad', {}).catch(() => undefined);
    await s.manager.broadcast(['a', 'b', 'gone'], {});

    expect(metrics.named('SendLatency')).toHaveLength(2);
    expect(metrics.named('SendLatency')[0]?.kind).toBe('timing');
    expect(metrics.total('SendsSucceeded')).toBe(1);
    expect(metrics.total('SendsFailed')).toBe(1);
    expect(metrics.total('Retries')).toBe(2);
    expect(metrics.total('Errors', { code: 'gateway_server' })).toBe(1);
    // Every failed call: the two retried attempts and the last one.
    expect(metrics.total('GatewayErrors', { status: '502' })).toBe(3);
    expect(metrics.named('BroadcastLatency')).toHaveLength(1);
    expect(metrics.total('BroadcastDeliveries', { outcome: 'sent' })).toBe(2);
    expect(metrics.total('BroadcastDeliveries', { outcome: 'gone' })).toBe(1);
    const dimensionNames = new Set(metrics.points.flatMap((p) => Object.keys(p.dimensions)));
    expect([...dimensionNames].sort()).toEqual(['code', 'outcome', 'status']);
  });

  it('counts the gateway breaker opening', async () => {
    const metrics = new RecordingMetrics();
    s = setup({ sleep: recordingSleep().sleep, metrics, retry: { attempts: 1 }, breaker: { volumeThreshold: 2, errorThresholdPercentage: 50 } });
    await Promise.all(['a', 'b', 'c'].map((id) => s.connect(id)));
    for (const id of ['a', 'b', 'c']) s.gateway.setStatus(id, 503);
    for (const id of ['a', 'b', 'c']) await s.manager.send(id, {}).catch(() => undefined);
    expect(metrics.total('CircuitBreakerOpens')).toBe(1);
  });
});
