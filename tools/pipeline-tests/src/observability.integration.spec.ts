// What an operator reads in CloudWatch, from the bundles themselves: every line the five Lambda
// bundles print while a client connects, sends frames (one reply retried through a 500, one lost
// after three), runs a background job retried through the SQS queue, gets a tenant broadcast and
// disconnects, and while the admin cleanup and the processor sweep run. The EMF lines must hold every
// metric with low-cardinality dimensions, the log lines the Lambda request id, the cold-start flag and
// the correlation ids, and no line the token. (The gateway breaker opening and work dropped at a flush
// need twenty failures or a stalled store: their metrics are unit-tested in connection-manager.)
import type { ServerMessage } from '@streamer/protocol';
import { TestClient } from './test-support/client';
import { Pipeline } from './test-support/pipeline';

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: Array<{ Name: string; Unit: string }>;
}

type Line = Record<string, unknown>;

interface MetricPoint {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  value: unknown;
}

const NAMESPACE = 'StreamerPipelineTest';
const ALLOWED_DIMENSIONS = new Set(['service', 'function', 'action', 'status', 'code', 'reason', 'known', 'outcome', 'source', 'tenant']);

let p: Pipeline;
const written: string[] = [];

beforeAll(async () => {
  p = await Pipeline.start();
  // Read by each bundle on its first invocation, which comes after this. AWS_LAMBDA_INITIALIZATION_TYPE
  // is what the Lambda runtime sets for on-demand functions (Powertools reports a cold start only then):
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_NAMESPACE: NAMESPACE, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
  delete process.env['POWERTOOLS_METRICS_DISABLED'];
  delete process.env['POWERTOOLS_DEV'];
});

// Installed per test: the preset restores mocks before each one.
beforeEach(() => {
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});

afterAll(async () => {
  await p?.close();
});

function printedLines(): Line[] {
  return written
    .join('')
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as Line);
}

function metricPoints(lines: Line[]): MetricPoint[] {
  return lines.flatMap((line) => {
    const aws = line['_aws'] as { CloudWatchMetrics: EmfDirective[] } | undefined;
    return (aws?.CloudWatchMetrics ?? []).flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        unit: metric.Unit,
        dimensions: Object.fromEntries((directive.Dimensions[0] ?? []).map((name) => [name, String(line[name])])),
        value: line[metric.Name],
      })),
    );
  });
}

async function traffic(): Promise<{ client: TestClient; token: string; requestId: string }> {
  await p.connectWith(undefined);
  const token = await p.issuer.mint({ sub: 'ada', tenant_id: 'acme' });
  const { statusCode, connectionId } = await p.connectWith(token);
  expect(statusCode).toBe(200);
  const client = new TestClient(p, connectionId, 'ada', 'acme');
  p.gateway.failPosts(connectionId, 500, 1);
  expect(await client.send({ id: 'ping-1', action: 'ping' })).toEqual({ id: 'ping-1', type: 'pong' });
  p.gateway.failPosts(connectionId, 500, 3);
  await p.invoke('router', p.event('$default', connectionId, { body: JSON.stringify({ id: 'ping-2', action: 'ping' }) }));
  const ack = await client.send({ id: 'flaky-1', action: 'flaky', payload: { failures: 1 } });
  if (ack.type !== 'ack') throw new Error(`expected an ack, got ${JSON.stringify(ack)}`);
  await p.processUntil('flaky-1 to finish', () => client.framesFor('flaky-1').some((frame: ServerMessage) => frame.type === 'result'));
  await p.invoke('admin-connection-manager', { action: 'publish', tenantId: 'acme', userId: 'ada', data: { headline: 'hello' } });
  await p.invoke('admin-connection-manager', { action: 'cleanup_stale_connections' });
  await p.invoke('processor-sweep', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
  await client.close();
  return { client, token, requestId: ack.requestId };
}

describe('metrics, traces and logs of the bundles', () => {
  it('prints every metric as EMF and correlates every log line, never the token', async () => {
    const { client, token, requestId } = await traffic();
    const lines = printedLines();
    const points = metricPoints(lines);
    const find = (name: string, dimensions: Record<string, string> = {}) =>
      points.filter((m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v));
    const expected: Array<[string, Record<string, string>]> = [
      ['Connects', { function: 'connect', service: 'streamer-connect' }],
      ['ConnectsRefused', { function: 'connect', reason: 'missing-token' }],
      ['Disconnects', { function: 'disconnect', known: 'true' }],
      ['RequestProcessed', { function: 'router', action: 'ping', status: 'pong' }],
      ['ProcessingTime', { function: 'router', action: 'flaky' }],
      ['RequestProcessed', { function: 'processor', action: 'flaky', status: 'requeued' }],
      ['RequestProcessed', { function: 'processor', action: 'flaky', status: 'completed' }],
      ['ProcessingTime', { function: 'processor', action: 'flaky' }],
      ['RequestRetries', { function: 'processor', action: 'flaky' }],
      ['RequestErrors', { function: 'processor' }],
      ['SendLatency', { function: 'router' }],
      ['SendsSucceeded', { function: 'processor' }],
      ['SendsFailed', { function: 'router' }],
      ['Retries', { function: 'router' }],
      ['GatewayErrors', { function: 'router', status: '500' }],
      ['Errors', { function: 'router', code: 'gateway_server' }],
      ['BroadcastLatency', { function: 'admin-connection-manager' }],
      ['BroadcastDeliveries', { function: 'admin-connection-manager', outcome: 'sent' }],
      ['BatchSize', { function: 'processor', source: 'stream' }],
      ['StreamRecordAge', { function: 'processor', source: 'stream' }],
      ['BatchSize', { function: 'processor', source: 'retry' }],
      ['QueueMessageAge', { function: 'processor', source: 'retry' }],
      ['ReceiveCount', { function: 'processor', source: 'retry' }],
      ['ActiveConnections', { function: 'admin-connection-manager', tenant: 'acme' }],
      ['RequestProcessed', { function: 'admin-connection-manager', action: 'cleanup_stale_connections', status: '200' }],
      ['SweepRequeued', { function: 'processor-sweep' }],
    ];
    const missing = expected.filter(([name, dimensions]) => find(name, dimensions).length === 0);
    expect(missing).toEqual([]);
    expect(new Set(points.map((m) => m.namespace))).toEqual(new Set([NAMESPACE]));
    expect(find('SendLatency')[0]?.unit).toBe('Milliseconds');
    // Low cardinality: known dimension names only, never an id.
    const dimensionNames = new Set(points.flatMap((m) => Object.keys(m.dimensions)));
    expect([...dimensionNames].filter((name) => !ALLOWED_DIMENSIONS.has(name))).toEqual([]);
    const dimensionValues = JSON.stringify(points.map((m) => m.dimensions));
    for (const id of [client.connectionId, requestId, 'flaky-1']) expect(dimensionValues).not.toContain(id);

    const logs = lines.filter((line) => line['_aws'] === undefined && typeof line['message'] === 'string');
    expect(logs.length).toBeGreaterThan(10);
    expect(logs.filter((line) => typeof line['function_request_id'] !== 'string' || typeof line['cold_start'] !== 'boolean')).toEqual([]);
    const connects = logs.filter((line) => line['message'] === 'connect: outcome');
    expect(connects.map((line) => line['cold_start'])).toEqual([true, false]);
    expect(connects[1]).toMatchObject({ connectionId: client.connectionId, tenantId: 'acme', statusCode: 200, durationMs: expect.any(Number) });
    const routed = logs.find((line) => line['message'] === 'router: request outcome' && line['action'] === 'flaky');
    expect(routed).toMatchObject({ connectionId: client.connectionId, tenantId: 'acme', requestId, id: 'flaky-1', status: 'ack', durationMs: expect.any(Number) });
    const ran = logs.find((line) => line['message'] === 'Request outcome' && line['status'] === 'completed');
    expect(ran).toMatchObject({ requestId, connectionId: client.connectionId, tenantId: 'acme', id: 'flaky-1', action: 'flaky', durationMs: expect.any(Number) });
    // Keys are per invocation: the cleanup after the publish carries its own action, not the publish's tenant.
    const published = logs.find((line) => line['message'] === 'Admin action' && line['action'] === 'publish');
    expect(published).toMatchObject({ tenantId: 'acme' });
    const cleaned = logs.find((line) => line['message'] === 'Cleanup finished');
    expect(cleaned).toMatchObject({ action: 'cleanup_stale_connections' });
    expect(cleaned).not.toHaveProperty('tenantId');
    expect(written.join('')).not.toContain(token);
  });
});
