// Sync handlers: `process` runs in this invocation under a deadline and is answered with `result` or
// `error`. A HandlerError keeps its code and message; anything else is a generic INTERNAL_ERROR.
import { type Handler, HandlerError, type HandlerRequest } from '@streamer/handler-api';
import { error, errorFrom, genericMessage, result, type ServerMessage } from '@streamer/protocol';
import type { RouteContext } from '../context';
import { runWithDeadline, syncBudgetMs } from '../deadline';
import { SyncDeadlineError } from '../errors';
import type { RouterDeps } from '../options';

type SyncDeps = Pick<RouterDeps, 'syncTimeoutMs' | 'deadlineMarginMs' | 'clock' | 'logger'>;

export async function runSync(deps: SyncDeps, handler: Handler, request: HandlerRequest, ctx: RouteContext): Promise<ServerMessage> {
  const process = handler.process;
  if (process === undefined) return failure(deps, request, new TypeError(`"${request.action}" has no process()`));
  const budgetMs = syncBudgetMs(deps.syncTimeoutMs, ctx.remainingTimeMs, deps.deadlineMarginMs);
  const deadline = deps.clock() + budgetMs;
  try {
    const value = await runWithDeadline(budgetMs, (signal) => process(request, { signal, deadline, logger: deps.logger }));
    return result(request.id, value);
  } catch (err) {
    return failure(deps, request, err);
  }
}

function failure(deps: SyncDeps, request: HandlerRequest, err: unknown): ServerMessage {
  const fields = { action: request.action, requestId: request.requestId, connectionId: request.connectionId };
  if (err instanceof SyncDeadlineError) {
    deps.logger.warn('router: sync handler timed out', { ...fields, budgetMs: err.budgetMs });
    return errorFrom(request.id, err);
  }
  if (err instanceof HandlerError) return errorFrom(request.id, err);
  deps.logger.error('router: sync handler failed', { ...fields, error: err });
  return error(request.id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
}
