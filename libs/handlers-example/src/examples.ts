// The small example handlers: `echo` (answered in the invocation) and `flaky` (retried in the background).
import { type Handler, RetryableError } from '@streamer/handler-api';
import * as z from 'zod/mini';

/** `echo`: answers in the same invocation with the payload it was sent. */
export const echo: Handler<Record<string, unknown>, Record<string, unknown>> = {
  process: (request) => request.payload,
};

export const flakySchema = z.object({ failures: z._default(z.int().check(z.minimum(0), z.maximum(20)), 1) });

export type FlakyPayload = z.infer<typeof flakySchema>;

/**
 * `flaky`: a background job that fails with a RetryableError on its first `failures` attempts
 * (read from `ctx.attempt`) and then succeeds — shows the retry queue at work.
 */
export const flaky: Handler<FlakyPayload, { attempts: number }> = {
  schema: flakySchema,
  processAsync: async (request, { attempt, reporter }) => {
    await reporter.progress(0.5, `Attempt ${attempt}`);
    if (attempt <= request.payload.failures) {
      throw new RetryableError(`Flaky failure ${attempt} of ${request.payload.failures}`);
    }
    return { attempts: attempt };
  },
};
