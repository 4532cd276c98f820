// createAdminHandler(deps): the whole admin Lambda as a pure function of its dependencies. A raw
// invocation event is routed to an action: EventBridge scheduled events mean cleanup; EventBridge
// events with detail-type `Streamer Publish` mean publish, with their `detail` as its fields; anything
// else must be a JSON object whose `action` names one of the admin actions. Every outcome is a
// `{statusCode, body}`: 200, 400 (bad input, unknown action), 404 (unknown connection) or 500
// (anything unexpected: logged in full, answered with a generic message). A publish that came from
// EventBridge and failed with a 500 throws instead, so Lambda's asynchronous invocation retries it.
// Every routed action: `RequestProcessed` by action and status code, `ProcessingTime` by action, and
// one outcome line (action, status, duration, audited ids); refused events count as action `unknown`.
import type { Context } from 'aws-lambda';
import { PUBLISH_RULE } from '@streamer/config/deployment';
import type { Logger } from '@streamer/kernel';
import { ItemNotFoundError } from '@streamer/store';
import { ADMIN_ACTIONS, type AdminAction, CLEANUP_ACTION, type Invocation, PUBLISH_ACTION } from './actions';
import { type AdminDeps, resolveDeps } from './deps';
import { type AdminResponse, badRequest, internalError, notFound } from './responses';

export type AdminHandler = (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<AdminResponse>;

/** Event fields worth an audit line (ids and small values only; never page tokens or published data). */
const AUDITED_FIELDS = ['userId', 'tenantId', 'connectionId', 'topic', 'status', 'limit'] as const;

/** The detail-type of the EventBridge events that publish (any source; AWS keeps `aws.*` for its services). */
const PUBLISH_DETAIL_TYPE = PUBLISH_RULE.detailType;

export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const resolved = resolveDeps(deps);
  const actions = new Map<string, AdminAction>(ADMIN_ACTIONS.map((action) => [action.name, action]));
  return async (event, context) => {
    const routed = route(event, actions);
    if (!routed.ok) {
      resolved.metrics.count('RequestProcessed', 1, { action: 'unknown', status: String(routed.response.statusCode) });
      return routed.response;
    }
    const started = resolved.clock.now();
    resolved.correlate?.({ action: routed.action.name, ...audit(routed.event) });
    const invocation: Invocation = context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {};
    let response: AdminResponse;
    try {
      response = await routed.action.handle(routed.event, resolved, invocation);
    } catch (error) {
      response = failure(error, resolved.logger, routed.action.name);
    } finally {
      await resolved.settle?.(context);
    }
    const durationMs = resolved.clock.now() - started;
    resolved.metrics.count('RequestProcessed', 1, { action: routed.action.name, status: String(response.statusCode) });
    resolved.metrics.timing('ProcessingTime', durationMs, { action: routed.action.name });
    resolved.logger.info('Admin action', { action: routed.action.name, statusCode: response.statusCode, durationMs, ...audit(routed.event) });
    if (routed.fromEventBridge && response.statusCode === 400) {
      resolved.logger.warn(`${PUBLISH_DETAIL_TYPE} event refused`, { body: response.body, ...audit(routed.event) });
    }
    if (routed.fromEventBridge && response.statusCode === 500) throw new PublishFailedError();
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
  | { ok: true; action: AdminAction; event: Record<string, unknown>; fromEventBridge?: true }
  | { ok: false; response: AdminResponse };

/** Thrown for a failed publish from EventBridge, so Lambda's asynchronous invocation retries it. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';

  constructor() {
    super('Publish from EventBridge failed (see the log); Lambda retries the event');
  }
}

/** An EventBridge schedule rule's event (`source: aws.events`, `detail-type: Scheduled Event`). */
function isScheduledEvent(event: unknown): boolean {
  return isPlainObject(event) && event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

/**
 * An EventBridge event (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`,
 * `resources`, `detail`; https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html)
 * whose detail-type is `Streamer Publish`: its `detail` holds the publish fields.
 */
function isPublishEvent(event: unknown): event is { detail?: unknown } {
  return isPlainObject(event) && event['detail-type'] === PUBLISH_DETAIL_TYPE && typeof event['source'] === 'string';
}

function route(event: unknown, actions: ReadonlyMap<string, AdminAction>): Routed {
  const valid = `valid actions: ${[...actions.keys()].join(', ')}`;
  if (isScheduledEvent(event)) return found(actions, CLEANUP_ACTION, { action: CLEANUP_ACTION });
  if (isPublishEvent(event)) {
    if (!isPlainObject(event.detail)) return { ok: false, response: badRequest(`${PUBLISH_DETAIL_TYPE}: detail must be a JSON object`) };
    const routed = found(actions, PUBLISH_ACTION, { ...event.detail, action: PUBLISH_ACTION });
    return routed.ok ? { ...routed, fromEventBridge: true } : routed;
  }
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
