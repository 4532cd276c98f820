// Steps 6–8 for registered actions: lookup, validation, then sync `process` or async enqueue + ack.
import { runsAsync } from '@streamer/handler-api';
import type { ServerMessage } from '@streamer/protocol';
import type { RouteContext } from '../context';
import type { RouterDeps } from '../options';
import { enqueue } from './enqueue';
import { prepareRequest } from './prepare-request';
import { runSync } from './run-sync';

export async function answerHandler(deps: RouterDeps, ctx: RouteContext): Promise<ServerMessage> {
  const { handler, request, rawPayload } = await prepareRequest(deps, ctx);
  if (runsAsync(handler, request)) return enqueue(deps, request, rawPayload, ctx.connection, ctx.now);
  return runSync(deps, handler, request, ctx);
}
