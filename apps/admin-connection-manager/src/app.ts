// createAdminHandler(deps): the whole admin Lambda as a pure function of its dependencies. A raw
// invocation event is routed to an action: EventBridge scheduled events mean cleanup; anything else
// must be a JSON object whose `action` names one of the admin actions. Every outcome is a `{statusCode, body}`: 200, 400 (bad input, unknown action), 404 (unknown
// connection) or 500 (anything unexpected: logged in full, answered with a generic message).
import type { Context } from 'aws-lambda';
import type { Logger } from '@streamer/kernel';
import { ItemNotFoundError } from '@streamer/store';
import { ADMIN_ACTIONS, type AdminAction, CLEANUP_ACTION, type Invocation } from './actions';
import { type AdminDeps, resolveDeps } from './deps';
import { type AdminResponse, badRequest, internalError, notFound } from './responses';

export type AdminHandler = (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<AdminResponse>;

/** Event fields worth an audit line (ids and small values only; never page tokens). */
const AUDITED_FIELDS = ['userId', 'tenantId', 'connectionId', 'status', 'limit'] as const;

export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const resolved = resolveDeps(deps);
  const actions = new Map<string, AdminAction>(ADMIN_ACTIONS.map((action) => [action.name, action]));
  return async (event, context) => {
    const routed = route(event, actions);
    if (!routed.ok) return routed.response;
    const invocation: Invocation = context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {};
    let response: AdminResponse;
    try {
      response = await routed.action.handle(routed.event, resolved, invocation);
    } catch (error) {
      response = failure(error, resolved.logger, routed.action.name);
    }
    resolved.logger.info('Admin action', { action: routed.action.name, statusCode: response.statusCode, ...audit(routed.event) });
    return response;
  };
}

/** A record that vanished mid-action is a 404; anything else is logged in full and answered generically. */
function failure(error: unknown, logger: Logger, action: string): AdminResponse {
  if (error instanceof ItemNotFoundError) return notFound('not found');
  logger.error('Admin action failed', { action, error });
  return internalError();
}

function audit(event: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of AUDITED_FIELDS) {
    const value = event[name];
    if (typeof value === 'number' || (typeof value === 'string' && value.length <= 256)) fields[name] = value;
  }
  return fields;
}

type Routed =
  | { ok: true; action: AdminAction; event: Record<string, unknown> }
  | { ok: false; response: AdminResponse };

/** An EventBridge schedule rule's event (`source: aws.events`, `detail-type: Scheduled Event`). */
function isScheduledEvent(event: unknown): boolean {
  return isPlainObject(event) && event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

function route(event: unknown, actions: ReadonlyMap<string, AdminAction>): Routed {
  const valid = `valid actions: ${[...actions.keys()].join(', ')}`;
  if (isScheduledEvent(event)) return found(actions, CLEANUP_ACTION, { action: CLEANUP_ACTION });
  if (!isPlainObject(event)) {
    return { ok: false, response: badRequest(`event must be a JSON object with an action; ${valid}`) };
  }
  const name = event['action'];
  if (name === undefined) return { ok: false, response: badRequest(`action is required; ${valid}`) };
  if (typeof name !== 'string') return { ok: false, response: badRequest(`action must be a string; ${valid}`) };
  if (!actions.has(name)) return { ok: false, response: badRequest(`unknown action ${quote(name)}; ${valid}`) };
  return found(actions, name, event);
}

function found(actions: ReadonlyMap<string, AdminAction>, name: string, event: Record<string, unknown>): Routed {
  const action = actions.get(name);
  return action ? { ok: true, action, event } : { ok: false, response: badRequest(`unknown action ${quote(name)}`) };
}

/** Echoes a caller-supplied name safely: bounded and JSON-quoted. */
function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
