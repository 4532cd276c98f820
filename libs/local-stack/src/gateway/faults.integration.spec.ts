import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { waitFor } from '@streamer/kernel/testing';
import { type GatewayHarness, GOOD_TOKEN, startGatewayHarness } from '../test-support/gateway-harness';
import { openSocket } from '../test-support/sockets';
import { describeFaults, FaultInjector, FaultSpecError, parseFaultSpec, seededRandom } from './faults';

describe('GATEWAY_FAULTS syntax', () => {
  it('reads error rates and a latency', () => {
    expect(parseFaultSpec('500:0.1,429:0.05,410:0.01,latency:20')).toEqual({
      errors: [
        { status: 500, probability: 0.1 },
        { status: 429, probability: 0.05 },
        { status: 410, probability: 0.01 },
      ],
      latencyMs: { min: 20, max: 20 },
    });
    expect(parseFaultSpec(' 503:1 , latency:5-15 ')).toEqual({ errors: [{ status: 503, probability: 1 }], latencyMs: { min: 5, max: 15 } });
    expect(parseFaultSpec('')).toEqual({ errors: [], latencyMs: { min: 0, max: 0 } });
    expect(parseFaultSpec(undefined).errors).toEqual([]);
  });

  it.each([
    ['500', 'each entry'],
    ['500:1.5', 'not a probability'],
    ['500:-0.1', 'not a probability'],
    ['500:abc', 'not a probability'],
    ['200:0.1', 'not an error status'],
    ['teapot:0.1', 'neither an HTTP status'],
    ['latency:fast', 'not a latency'],
    ['latency:50-10', 'ends before it starts'],
    ['500:0.6,503:0.6', 'add up to'],
    ['500:0.1,500:0.2', 'listed twice'],
    ['500:0.1:3', 'each entry'],
  ])('refuses %s, naming GATEWAY_FAULTS', (spec, why) => {
    expect(() => parseFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpec(spec)).toThrow(/^GATEWAY_FAULTS: /);
    expect(() => parseFaultSpec(spec)).toThrow(why);
  });

  it('describes a spec back in its own syntax', () => {
    expect(describeFaults(parseFaultSpec('500:0.1,latency:10-20'))).toBe('500:0.1,latency:10-20');
  });
});

describe('FaultInjector', () => {
  it('draws the same faults from the same seed', () => {
    const spec = parseFaultSpec('500:0.3,429:0.2,latency:0-40');
    const run = (seed: number) => {
      const injector = new FaultInjector(spec, seededRandom(seed));
      return Array.from({ length: 50 }, () => injector.decide());
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('injects each status at about its rate', () => {
    const injector = new FaultInjector(parseFaultSpec('500:0.3,429:0.1'), seededRandom(42));
    const counts = new Map<number | undefined, number>();
    for (let i = 0; i < 10_000; i++) {
      const { status } = injector.decide();
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    expect(counts.get(500)).toBeGreaterThan(2_700);
    expect(counts.get(500)).toBeLessThan(3_300);
    expect(counts.get(429)).toBeGreaterThan(800);
    expect(counts.get(429)).toBeLessThan(1_200);
    expect(counts.get(undefined)).toBeGreaterThan(5_700);
  });

  it('is inactive without faults', () => {
    expect(new FaultInjector(parseFaultSpec(''), Math.random).active).toBe(false);
  });
});

describe('faults on the management API', () => {
  let harness: GatewayHarness;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

  afterEach(() => harness.stop());

  async function postOnce(): Promise<{ error: unknown; connectionId: string; closed: Promise<{ code: number }> }> {
    const socket = await openSocket(`${harness.wsUrl}?Authorization=${GOOD_TOKEN}`);
    const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId as string;
    const sdk = new ApiGatewayManagementApiClient({ endpoint: harness.httpUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      const error = await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('x') })).then(() => undefined, (e: unknown) => e);
      return { error, connectionId, closed: socket.closed };
    } finally {
      sdk.destroy();
    }
  }

  it('answers injected 5xx with the service error type, and counts them', async () => {
    harness = await startGatewayHarness({ faults: '500:1' });
    const { error } = await postOnce();
    expect(error).toMatchObject({ name: 'InternalServerErrorException', $metadata: { httpStatusCode: 500 } });
    expect(harness.api.managementStats()).toEqual({ calls: { POST: 1, GET: 0, DELETE: 0 }, injectedFaults: { 500: 1 } });
  });

  it('drops the socket on an injected 410, as a gone connection is, and $disconnect runs', async () => {
    harness = await startGatewayHarness({ faults: '410:1' });
    const { error, connectionId, closed } = await postOnce();
    expect(error).toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    await expect(closed).resolves.toMatchObject({ code: 1006 });
    await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
  });

  it('throttles with 429 LimitExceededException', async () => {
    harness = await startGatewayHarness({ faults: '429:1,latency:5' });
    const { error } = await postOnce();
    expect(error).toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 429 } });
  });
});
