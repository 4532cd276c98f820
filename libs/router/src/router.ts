// createRouter: the $default pipeline. Order: size → parse → shape → connection lookup → rate limit →
// built-ins → handler lookup → payload validation → sync `process` under a deadline, or idempotent
// enqueue + `ack`. Every frame gets exactly one reply; `route` never throws for bad input.
import type { ClientMessage, ServerMessage } from '@streamer/protocol';
import type { ConnectionRecord } from '@streamer/store';
import { answerBuiltIn } from './built-ins';
import type { RouteContext, RouteInput, RouteResult } from './context';
import { resolveOptions, type RouterDeps, type RouterOptions } from './options';
import { answerHandler } from './pipeline/answer-handler';
import { deliver } from './pipeline/deliver';
import { errorReply } from './pipeline/error-reply';
import { lookupConnection } from './pipeline/lookup-connection';
import { readFrame } from './pipeline/read-frame';
import { takeRateToken } from './rate-limit';

export interface Router {
  /** Answers one frame from `input.connectionId` through the sender; resolves with what was sent. */
  route(input: RouteInput): Promise<RouteResult>;
}

/** Builds a router; throws `RouterConfigError` for unusable options. Build once per cold start. */
export function createRouter(options: RouterOptions): Router {
  const deps = resolveOptions(options);
  return { route: (input) => route(deps, input) };
}

async function route(deps: RouterDeps, input: RouteInput): Promise<RouteResult> {
  const frame = readFrame(input);
  if (!frame.ok) {
    deps.logger.info('router: frame rejected', { connectionId: input.connectionId, reason: frame.reason });
    return deliver(deps, input.connectionId, frame.reply);
  }
  const { message } = frame;
  const reply = await answer(deps, message, input).catch((err: unknown) =>
    errorReply(deps.logger, message.id, input.connectionId, err),
  );
  return deliver(deps, input.connectionId, reply);
}

async function answer(deps: RouterDeps, message: ClientMessage, input: RouteInput): Promise<ServerMessage> {
  const { connections } = deps.stores;
  const connection = await lookupConnection(connections, input.connectionId);
  const now = deps.clock();
  const ctx: RouteContext = { message, connection, now, remainingTimeMs: input.remainingTimeMs };
  await Promise.all([
    takeRateToken(connections, connection.connectionId, deps.rateLimit, now),
    touchActivity(deps, connection, now),
  ]);
  return (await answerBuiltIn(deps, ctx)) ?? answerHandler(deps, ctx);
}

/** Keeps `lastActiveAt` fresh (the store's touch policy) so stale cleanup spares active sockets; never fails the frame. */
async function touchActivity(deps: RouterDeps, { connectionId, lastActiveAt }: ConnectionRecord, now: number): Promise<void> {
  try {
    await deps.lifecycle.touch(connectionId, { at: now, lastActiveAt });
  } catch (err) {
    deps.logger.warn('router: could not refresh lastActiveAt', { connectionId, error: err });
  }
}
