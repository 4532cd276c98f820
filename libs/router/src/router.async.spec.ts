import { type Handler, HandlerRegistry } from '@streamer/handler-api';
import { z } from 'zod';
import { createFixture } from './test-support/fixture';

describe('router: queued requests', () => {
  const seen: unknown[] = [];
  const converting: Handler<{ count: number }> = {
    schema: z.object({ count: z.string().regex(/^\d+$/).transform(Number) }),
    shouldQueue: (req) => {
      seen.push(req.payload.count);
      return true;
    },
    process: () => 'sync',
    processAsync: async () => 'async',
  };

  it('decides with the validated payload but stores the payload as sent, for the processor to validate again', async () => {
    const f = createFixture({ registry: new HandlerRegistry().register('convert', converting), router: { ids: () => 'req-fixed-1' } });
    const conn = await f.connect();
    const reply = await f.send(conn.connectionId, { id: 'c-1', action: 'convert', payload: { count: '12' } });
    expect(reply).toEqual({ id: 'c-1', type: 'ack', requestId: 'req-fixed-1', status: 'queued' });
    expect(seen).toEqual([12]);
    expect((await f.stores.requests.get('req-fixed-1'))?.payload).toEqual({ count: '12' });
  });

  it('keeps a queued request for requestTtlMs', async () => {
    const f = createFixture({ router: { requestTtlMs: 3_600_000 } });
    const conn = await f.connect();
    const reply = await f.send(conn.connectionId, { id: 'c-1', action: 'queued' });
    const requestId = reply.type === 'ack' ? reply.requestId : '';
    expect((await f.stores.requests.get(requestId))?.ttl).toBe(Math.floor((f.now() + 3_600_000) / 1000));
  });
});
