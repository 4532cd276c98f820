// Test support (not exported): a hand-made AsyncHandlerContext for calling handlers directly in specs.
import { type AsyncHandlerContext, Continuation, type HandlerRequest } from '@streamer/handler-api';
import { RecordingPublisher } from '@streamer/handler-api/testing';

export interface TestContext extends AsyncHandlerContext {
  controller: AbortController;
  reported: { value: number; message?: string }[];
  /** What the handler published (as tenant-1, the test request's tenant). */
  publisher: RecordingPublisher;
  /** Every `checkpoint` the handler recorded, in order. */
  checkpoints: Continuation[];
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A context for one run: `attempt`, and for a continued job `job` (its state, invocation number, deadline). */
export function testContext(attempt = 1, job: { continuation?: unknown; segment?: number; deadline?: number } = {}): TestContext {
  const controller = new AbortController();
  const reported: TestContext['reported'] = [];
  const publisher = new RecordingPublisher();
  const checkpoints: Continuation[] = [];
  return {
    controller,
    reported,
    publisher,
    checkpoints,
    continuation: job.continuation,
    segment: job.segment ?? 1,
    continueWith: (state, progress, message) => new Continuation(state, progress, message),
    checkpoint: (state, progress, message) => void checkpoints.push(new Continuation(state, progress, message)),
    publish: (target, data) => publisher.publish('tenant-1', target, data),
    signal: controller.signal,
    deadline: job.deadline ?? Date.now() + 60_000,
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
