import { type Handler, HandlerRegistry, type HandlerRequest } from '@streamer/handler-api';
import { createFixture, type Fixture } from './test-support/fixture';
import { SECRET } from './test-support/test-handlers';

describe('router: registered actions answered in the same invocation', () => {
  let f: Fixture;
  let connectionId: string;
  beforeEach(async () => {
    f = createFixture();
    connectionId = (await f.connect()).connectionId;
  });

  it('replies with the handler result, identity taken from the connection', async () => {
    const conn = await f.connect();
    const reply = await f.send(conn.connectionId, { id: 'e-1', action: 'echo', payload: { text: 'hi', repeat: 2, userId: 'x' } });
    expect(reply).toEqual({ id: 'e-1', type: 'result', success: true, data: { echoed: 'hihi', userId: conn.userId, tenantId: conn.tenantId } });
    expect(await f.requestsOf(conn.connectionId)).toEqual([]);
  });

  it('lets a sync handler publish, always within the caller’s tenant', async () => {
    const conn = await f.connect();
    const payload = { target: { topic: 'news' }, data: { headline: 'hi' }, tenantId: 'other-tenant' };
    const reply = await f.send(conn.connectionId, { id: 'a-1', action: 'announce', payload });
    expect(reply).toEqual({ id: 'a-1', type: 'result', success: true, data: { sent: 0, gone: 0, failed: 0, seq: 1 } });
    expect(f.publisher.published).toEqual([{ tenantId: conn.tenantId, target: { topic: 'news' }, data: { headline: 'hi' } }]);
  });

  it('applies schema defaults before the handler runs', async () => {
    const reply = await f.send(connectionId, { id: 'e-1', action: 'echo', payload: { text: 'hi' } });
    expect(reply).toMatchObject({ data: { echoed: 'hi' } });
  });

  it('lists the schema issues in an INVALID_REQUEST reply', async () => {
    const reply = await f.send(connectionId, { id: 'e-1', action: 'echo', payload: { text: '', repeat: 9 } });
    expect(reply).toMatchObject({ id: 'e-1', error: { code: 'INVALID_REQUEST', retryable: false } });
    const message = reply.type === 'error' ? reply.error.message : '';
    expect(message).toMatch(/^Invalid payload: /);
    expect(message).toContain('text:');
    expect(message).toContain('repeat:');
  });

  it('lets shouldQueue pick sync for small work', async () => {
    expect(await f.send(connectionId, { id: 'r-1', action: 'report', payload: { recordCount: 10 } })).toMatchObject({
      type: 'result',
      data: { records: 10 },
    });
    expect(await f.requestsOf(connectionId)).toEqual([]);
  });

  it('sends a HandlerError with its own code and message', async () => {
    expect(await f.send(connectionId, { id: 'e-1', action: 'fatal' })).toEqual({
      id: 'e-1',
      type: 'error',
      success: false,
      error: { code: 'FORBIDDEN', message: 'recordCount is too large for this plan', retryable: false },
    });
    expect(await f.send(connectionId, { id: 'e-2', action: 'retryable' })).toMatchObject({
      error: { code: 'INTERNAL_ERROR', message: 'Upstream busy, try again', retryable: true },
    });
  });

  it('hides an unexpected error behind a generic INTERNAL_ERROR and logs it', async () => {
    const reply = await f.send(connectionId, { id: 'e-1', action: 'boom' });
    expect(reply).toEqual({ id: 'e-1', type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
    expect(f.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(f.logger.lines.find((l) => l.level === 'error')?.extra).toEqual([expect.objectContaining({ error: expect.objectContaining({ message: SECRET }) })]);
  });

  it('hides a throwing shouldQueue the same way', async () => {
    const reply = await f.send(connectionId, { id: 'e-1', action: 'bad_queue' });
    expect(reply).toMatchObject({ error: { code: 'INTERNAL_ERROR', message: 'Internal error' } });
  });

  it('replaces a result too large for one frame with INTERNAL_ERROR', async () => {
    const reply = await f.send(connectionId, { id: 'e-1', action: 'huge' });
    expect(reply).toMatchObject({ id: 'e-1', type: 'error', error: { code: 'INTERNAL_ERROR' } });
    expect(f.sender.messagesTo(connectionId)).toEqual([reply]);
  });
});

describe('router: sync deadline', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  async function pending(f: Fixture, action: string, remainingTimeMs?: number) {
    const conn = await f.connect();
    const body = JSON.stringify({ id: 't-1', action });
    return f.route({ connectionId: conn.connectionId, body, ...(remainingTimeMs !== undefined && { remainingTimeMs }) });
  }

  it('answers TIMEOUT when the handler exceeds syncTimeoutMs, and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const watcher: Handler = { process: (_req, ctx) => { seen = ctx.signal; return new Promise(() => undefined); } };
    const f = createFixture({ registry: new HandlerRegistry().register('watch', watcher), router: { syncTimeoutMs: 5_000 } });
    const result = pending(f, 'watch');
    await jest.advanceTimersByTimeAsync(4_999);
    expect(f.sender.sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen?.aborted).toBe(true);
    // This handler ignores its signal: the answer waits the grace (half the 1 s deadline margin) first.
    await jest.advanceTimersByTimeAsync(499);
    expect(f.sender.sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect((await result).reply).toEqual({
      id: 't-1',
      type: 'error',
      success: false,
      error: { code: 'TIMEOUT', message: 'Request timed out after 5000 ms', retryable: true },
    });
    expect(seen?.aborted).toBe(true);
  });

  it('uses the default of 25 s', async () => {
    const f = createFixture();
    const result = pending(f, 'never');
    await jest.advanceTimersByTimeAsync(24_999);
    expect(f.sender.sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1 + 500); // the deadline, then the grace of a handler that never stops
    expect((await result).reply).toMatchObject({ error: { code: 'TIMEOUT', message: 'Request timed out after 25000 ms' } });
  });

  it("stops earlier when the Lambda's remaining time is shorter", async () => {
    const f = createFixture();
    const result = pending(f, 'slow', 3_000);
    await jest.advanceTimersByTimeAsync(2_000);
    expect((await result).reply).toMatchObject({ error: { code: 'TIMEOUT', message: 'Request timed out after 2000 ms' } });
  });

  it('lets a handler that stops on its signal finish what it has in flight before answering TIMEOUT', async () => {
    const done: string[] = [];
    const careful: Handler = {
      process: (_req, ctx) =>
        new Promise((_, reject) => {
          // On abort: a write still in flight comes back 200 ms later, then the handler gives up.
          ctx.signal.addEventListener('abort', () => setTimeout(() => { done.push('write'); reject(ctx.signal.reason); }, 200));
        }),
    };
    const f = createFixture({ registry: new HandlerRegistry().register('careful', careful), router: { syncTimeoutMs: 5_000 } });
    const result = pending(f, 'careful');
    await jest.advanceTimersByTimeAsync(5_199);
    expect(done).toEqual([]);
    expect(f.sender.sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect((await result).reply).toMatchObject({ error: { code: 'TIMEOUT', message: 'Request timed out after 5000 ms' } });
    expect(done).toEqual(['write']);
  });

  it('gives the handler its deadline as epoch milliseconds', async () => {
    let deadline = 0;
    let request: HandlerRequest | undefined;
    const probe: Handler = { process: (req, ctx) => { deadline = ctx.deadline; request = req; return 'ok'; } };
    const f = createFixture({ registry: new HandlerRegistry().register('probe', probe), router: { syncTimeoutMs: 7_000 } });
    await pending(f, 'probe');
    expect(deadline).toBe(f.now() + 7_000);
    expect(request).toMatchObject({ id: 't-1', action: 'probe', payload: {}, requestId: expect.any(String) });
  });
});
