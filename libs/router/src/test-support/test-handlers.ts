// Handlers the router tests register: one of each shape the router must tell apart.
import { FatalError, type Handler, HandlerRegistry, RetryableError } from '@streamer/handler-api';
import { z } from 'zod';

export const SECRET = 'password=hunter2 at db.internal:5432';

const echo: Handler<{ text: string; repeat: number }> = {
  schema: z.object({ text: z.string().min(1), repeat: z.number().int().min(1).max(3).default(1) }),
  process: (req) => ({ echoed: req.payload.text.repeat(req.payload.repeat), userId: req.userId, tenantId: req.tenantId }),
};

const report: Handler<{ recordCount: number }> = {
  schema: z.object({ recordCount: z.number().int().positive() }),
  shouldQueue: (req) => req.payload.recordCount > 1000,
  process: (req) => ({ records: req.payload.recordCount }),
  processAsync: async (req) => ({ records: req.payload.recordCount }),
};

const queued: Handler = { processAsync: async () => ({ done: true }) };

/** Publishes `payload.data` to `payload.target` from a sync handler and answers with the outcome. */
const announce: Handler<{ target: { topic: string }; data: unknown }> = {
  process: (req, ctx) => ctx.publish(req.payload.target, req.payload.data),
};

/** Waits until its signal aborts, then reports how it ended. */
const slow: Handler = {
  process: (_req, ctx) =>
    new Promise((resolve) => {
      ctx.signal.addEventListener('abort', () => resolve({ abortedBy: String(ctx.signal.reason) }));
    }),
};

const never: Handler = { process: () => new Promise(() => undefined) };
const boom: Handler = { process: () => { throw new Error(SECRET); } };
const fatal: Handler = { process: () => { throw new FatalError('recordCount is too large for this plan', { code: 'FORBIDDEN' }); } };
const retryable: Handler = { process: () => { throw new RetryableError('Upstream busy, try again'); } };
const huge: Handler = { process: () => ({ blob: 'x'.repeat(200 * 1024) }) };
const badQueue: Handler = {
  shouldQueue: () => { throw new Error(SECRET); },
  process: () => 1,
  processAsync: async () => 1,
};

export function createTestRegistry(): HandlerRegistry {
  return new HandlerRegistry()
    .register('echo', echo)
    .register('report', report)
    .register('queued', queued)
    .register('announce', announce)
    .register('slow', slow)
    .register('never', never)
    .register('boom', boom)
    .register('fatal', fatal)
    .register('retryable', retryable)
    .register('huge', huge)
    .register('bad_queue', badQueue);
}
