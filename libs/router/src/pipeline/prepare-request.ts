// Steps 6–7: handler lookup and payload validation. The request is built from the stored connection
// (user, tenant) and a fresh server-side request id — never from identity fields in the message.
import { type Handler, type HandlerRequest, type Payload, validatePayload } from '@streamer/handler-api';
import type { HandlerMessage } from '@streamer/protocol';
import type { RouteContext } from '../context';
import { InvalidRequestError } from '../errors';
import type { RouterDeps } from '../options';

/** Issues quoted in the reply; the rest are counted. */
const MAX_REPORTED_ISSUES = 10;

export interface PreparedRequest {
  handler: Handler;
  request: HandlerRequest;
  /** The payload as the client sent it. */
  rawPayload: Payload;
}

export async function prepareRequest(deps: Pick<RouterDeps, 'registry' | 'ids'>, ctx: RouteContext): Promise<PreparedRequest> {
  const { message, connection } = ctx;
  const handler = deps.registry.get(message.action);
  if (handler === undefined) throw new InvalidRequestError(`Unknown action "${message.action}"`);
  const rawPayload: Payload = (message as HandlerMessage).payload ?? {};
  const payload = await validated(handler, rawPayload);
  const { connectionId, userId, tenantId } = connection;
  const request = { id: message.id, requestId: deps.ids(), action: message.action, payload, connectionId, userId, tenantId };
  return { handler, request, rawPayload };
}

async function validated(handler: Handler, payload: Payload): Promise<Payload> {
  if (handler.schema === undefined) return payload;
  const outcome = await validatePayload(handler.schema, payload);
  if (outcome.ok) return outcome.value;
  throw new InvalidRequestError(`Invalid payload: ${describeIssues(outcome.issues)}`, { issues: outcome.issues });
}

function describeIssues(issues: readonly string[]): string {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).join('; ');
  const more = issues.length - MAX_REPORTED_ISSUES;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
