// From a raw invocation event to an action: EventBridge scheduled events mean cleanup; anything
// else must be a JSON object whose `action` names one of the admin actions.
import { type AdminAction, CLEANUP_ACTION } from './actions';
import { type AdminResponse, badRequest } from './responses';

export type Routed =
  | { ok: true; action: AdminAction; event: Record<string, unknown> }
  | { ok: false; response: AdminResponse };

/** An EventBridge schedule rule's event (`source: aws.events`, `detail-type: Scheduled Event`). */
export function isScheduledEvent(event: unknown): boolean {
  return isPlainObject(event) && event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

export function route(event: unknown, actions: ReadonlyMap<string, AdminAction>): Routed {
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
