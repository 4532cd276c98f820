import type { Handler } from '@streamer/handler-api';
import { createHarness } from './test-support/harness';

/** Publishes to whatever target the payload names, and returns what publishing answered. */
const announce: Handler<{ target: { topic: string } | { userId: string }; tenantId?: string }> = {
  processAsync: async (req, { publish }) => publish(req.payload.target, { from: req.requestId }),
};

describe('processor: publishing from an async handler', () => {
  it('publishes within the request’s tenant only, whatever the payload says, and stores the outcome', async () => {
    const h = createHarness({ announce: announce as Handler });
    const request = await h.enqueue('announce', { target: { topic: 'news' }, tenantId: 'other-tenant' });
    await h.deliverInserts(request);
    expect(h.publisher.published).toEqual([{ tenantId: 'tenant-1', target: { topic: 'news' }, data: { from: request.requestId } }]);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: { sent: 0, gone: 0, failed: 0, seq: 1 } });
  });

  it('publishes ephemeral pushes to a user of the same tenant', async () => {
    const h = createHarness({ announce: announce as Handler });
    const request = await h.enqueue('announce', { target: { userId: 'user-9' } });
    await h.deliverInserts(request);
    expect(h.publisher.published).toEqual([{ tenantId: 'tenant-1', target: { userId: 'user-9' }, data: { from: request.requestId } }]);
    expect((await h.status(request.requestId)).result).toEqual({ sent: 0, gone: 0, failed: 0 });
  });
});
