import type { GatewayError } from '../errors';
import { FakeGateway } from '../testing';
import { ERROR_TABLE } from '../test-support/gateway-error-table';

const bytes = (text: string) => Buffer.from(text);

describe('FakeGateway', () => {
  afterEach(() => jest.useRealTimers());

  it.each(ERROR_TABLE)('answers $status with the same GatewayError as the real adapters ($kind)', async ({ status, kind, retryable }) => {
    const fake = new FakeGateway().setStatus('c1', status);
    await expect(fake.post('c1', bytes('{}'))).rejects.toMatchObject({ name: 'GatewayError', kind, status, retryable });
  });

  it('plays a scripted status sequence per connection, then falls back to the default', async () => {
    const fake = new FakeGateway().script('c1', [500, 500, 200]);
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) outcomes.push(await fake.post('c1', bytes('{}')).then(() => 'ok', (e: GatewayError) => e.status));
    expect(outcomes).toEqual([500, 500, 'ok', 'ok']);
    await expect(fake.post('c2', bytes('{}'))).resolves.toBeUndefined();
  });

  it('scripts operations separately and applies a fixed status to every operation', async () => {
    const fake = new FakeGateway().script('c1', [503], 'get').setStatus('c2', 410);
    await expect(fake.post('c1', bytes('{}'))).resolves.toBeUndefined();
    await expect(fake.get('c1')).rejects.toMatchObject({ status: 503 });
    await expect(fake.get('c2')).rejects.toMatchObject({ kind: 'gone' });
    await expect(fake.delete('c2')).rejects.toMatchObject({ kind: 'gone' });
  });

  it('fails with network errors and timeouts', async () => {
    const fake = new FakeGateway({ defaultStatus: 'timeout' }).setStatus('n', 'network');
    await expect(fake.post('x', bytes('{}'))).rejects.toMatchObject({ kind: 'timeout' });
    await expect(fake.post('n', bytes('{}'))).rejects.toMatchObject({ kind: 'network' });
  });

  it('answers 413 above the gateway frame limit', async () => {
    const fake = new FakeGateway({ maxPayloadBytes: 4 });
    await expect(fake.post('c1', bytes('12345'))).rejects.toMatchObject({ kind: 'payload-too-large', status: 413 });
  });

  it('records posts and decodes what was delivered', async () => {
    const fake = new FakeGateway().script('c1', [500]);
    await fake.post('c1', bytes('{"n":1}')).catch(() => undefined);
    await fake.post('c1', bytes('{"n":2}'));
    expect(fake.posts.map((p) => p.outcome)).toEqual([500, 200]);
    expect(fake.delivered('c1')).toEqual([{ n: 2 }]);
    expect(fake.countCalls('post', 'c1')).toBe(2);
  });

  it('adds latency per call and per connection (fake timers)', async () => {
    jest.useFakeTimers();
    const fake = new FakeGateway({ latencyMs: 100 }).setLatency('slow', 1_000);
    let fastDone = false;
    let slowDone = false;
    void fake.post('fast', bytes('{}')).then(() => (fastDone = true));
    void fake.post('slow', bytes('{}')).then(() => (slowDone = true));
    await jest.advanceTimersByTimeAsync(100);
    expect([fastDone, slowDone]).toEqual([true, false]);
    await jest.advanceTimersByTimeAsync(900);
    expect(slowDone).toBe(true);
  });

  it('measures the highest number of calls in flight and holds calls until released', async () => {
    const fake = new FakeGateway();
    fake.hold();
    const calls = ['a', 'b', 'c'].map((id) => fake.post(id, bytes('{}')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.inFlight).toBe(3);
    fake.release();
    await Promise.all(calls);
    expect(fake.inFlight).toBe(0);
    expect(fake.maxInFlight).toBe(3);
  });

  it('answers GET with connection details', async () => {
    const fake = new FakeGateway({ now: () => 42 });
    await expect(fake.get('c1')).resolves.toEqual({ connectedAt: 42, lastActiveAt: 42, sourceIp: '127.0.0.1' });
  });
});
