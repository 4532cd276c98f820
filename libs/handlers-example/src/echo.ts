import type { Handler } from '@streamer/handler-api';

/** `echo`: answers in the same invocation with the payload it was sent. */
export const echo: Handler<Record<string, unknown>, Record<string, unknown>> = {
  process: (request) => request.payload,
};
