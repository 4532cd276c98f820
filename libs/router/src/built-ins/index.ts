// Built-in actions, answered by the router itself after the connection and rate-limit steps.
import { isAction, type ServerMessage } from '@streamer/protocol';
import type { RouteContext } from '../context';
import type { RouterDeps } from '../options';
import { cancel } from './cancel';
import { ping } from './ping';
import { status } from './status';
import { subscribe, unsubscribe } from './subscription';

/** The reply to a built-in message, or undefined when the action is not a built-in. */
export async function answerBuiltIn(deps: RouterDeps, ctx: RouteContext): Promise<ServerMessage | undefined> {
  const { message, connection } = ctx;
  const { subscriptions, requests } = deps.stores;
  if (isAction(message, 'ping')) return ping(message);
  if (isAction(message, 'subscribe')) return subscribe(subscriptions, message, connection, ctx.now);
  if (isAction(message, 'unsubscribe')) return unsubscribe(subscriptions, message, connection);
  if (isAction(message, 'status')) return status(requests, message, connection);
  if (isAction(message, 'cancel')) return cancel(deps, message, connection);
  return undefined;
}
