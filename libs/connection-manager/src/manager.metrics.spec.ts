import { Metrics } from '@aws-lambda-powertools/metrics';
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

  it('emits CloudWatch EMF through an injected Powertools Metrics, counters as deltas', async () => {
    s = setup();
    await Promise.all(['a', 'b'].map((id) => s.connect(id)));
    await s.manager.send('a', {});
    await s.manager.send('b', {});
    await s.manager.send('missing', {}).catch(() => undefined);
    const metrics = new Metrics({ namespace: 'Streamer', serviceName: 'connection-manager' });
    s.manager.publishMetrics(metrics, { flush: false });
    const first = metrics.serializeMetrics();
    const directive = first._aws.CloudWatchMetrics[0];
    const names = directive?.Metrics.map((d) => d.Name) ?? [];
    expect(directive?.Namespace).toBe('Streamer');
    expect(names).toEqual(expect.arrayContaining(['SendLatencyP50', 'SendLatencyP99', 'SendLatencyP999', 'SendsSucceeded', 'SendsFailed', 'Errors_connection_not_found', 'InFlightOperations', 'GatewayBreakerOpen']));
    expect(first).toMatchObject({ SendsSucceeded: 2, SendsFailed: 1, GatewayBreakerOpen: 0 });
    expect(directive?.Metrics.find((d) => d.Name === 'SendLatencyP99')?.Unit).toBe('Milliseconds');

    metrics.clearMetrics();
    await s.manager.send('a', {});
    s.manager.publishMetrics(metrics, { flush: false });
    const second = metrics.serializeMetrics();
    expect(second).toMatchObject({ SendsSucceeded: 1 });
    expect(second).not.toHaveProperty('SendsFailed');
  });

  it('publishes the stored metrics unless told not to', () => {
    s = setup();
    const sink = { addMetric: jest.fn(), publishStoredMetrics: jest.fn() };
    s.manager.publishMetrics(sink as never);
    expect(sink.publishStoredMetrics).toHaveBeenCalledTimes(1);
    expect(sink.addMetric).toHaveBeenCalledWith('InFlightOperations', 'Count', 0);
  });
});
