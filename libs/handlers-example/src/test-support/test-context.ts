// Test support (not exported): a hand-made AsyncHandlerContext for calling handlers directly in specs.
import type { AsyncHandlerContext, HandlerRequest } from '@streamer/handler-api';

export interface TestContext extends AsyncHandlerContext {
  controller: AbortController;
  reported: { value: number; message?: string }[];
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function testContext(attempt = 1): TestContext {
  const controller = new AbortController();
  const reported: TestContext['reported'] = [];
  return {
    controller,
    reported,
    signal: controller.signal,
    deadline: Date.now() + 60_000,
    logger: quiet,
    attempt,
    reporter: {
      progress: async (value, message) => {
        reported.push(message === undefined ? { value } : { value, message });
      },
    },
  };
}

export function testRequest<P>(action: string, payload: P): HandlerRequest<P> {
  return { id: 'c-1', requestId: 'req-1', action, payload, connectionId: 'conn-1', userId: 'user-1', tenantId: 'tenant-1' };
}
