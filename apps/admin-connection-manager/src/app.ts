// createAdminHandler(deps): the whole admin Lambda as a pure function of its dependencies.
// Every outcome is a `{statusCode, body}`: 200, 400 (bad input, unknown action), 404 (unknown
// connection) or 500 (anything unexpected: logged in full, answered with a generic message).
import type { Context } from 'aws-lambda';
import type { Logger } from '@streamer/kernel';
import { ItemNotFoundError } from '@streamer/store';
import { ADMIN_ACTIONS, type AdminAction, type Invocation } from './actions';
import { type AdminDeps, resolveDeps } from './deps';
import { route } from './event';
import { type AdminResponse, internalError, notFound } from './responses';

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
