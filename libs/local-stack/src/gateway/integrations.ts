// The three routes' integrations as the gateway sees them: functions from an event to the Lambda's
// answer. The stack wires them to the Lambda bundles; gateway tests wire plain functions.
import type { WebSocketEvent } from './events';

export type Integration = (event: WebSocketEvent) => Promise<unknown>;

export interface RouteIntegrations {
  $connect: Integration;
  $disconnect: Integration;
  $default: Integration;
}

/** API Gateway gives up on an integration after 29 s (the Lambda may run on). */
export const INTEGRATION_TIMEOUT_MS = 29_000;

export type IntegrationOutcome = { kind: 'answered'; value: unknown } | { kind: 'failed'; error: unknown } | { kind: 'timed-out' };

export function integrate(integration: Integration, event: WebSocketEvent, timeoutMs = INTEGRATION_TIMEOUT_MS): Promise<IntegrationOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMs);
    timer.unref();
    integration(event).then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'answered', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', error });
      },
    );
  });
}

/** The HTTP status a $connect answer stands for: its `statusCode`, or 200 for an answer without one. */
export function connectStatus(answer: unknown): number {
  if (typeof answer !== 'object' || answer === null) return 200;
  const status = (answer as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200;
}

/** A $connect answer's body (API Gateway returns it with a refusal). */
export function connectBody(answer: unknown): string {
  const body = typeof answer === 'object' && answer !== null ? (answer as { body?: unknown }).body : undefined;
  return typeof body === 'string' ? body : '';
}

/** The subprotocol a $connect answer selects through its `Sec-WebSocket-Protocol` header, if any. */
export function selectedProtocol(answer: unknown): string | undefined {
  const headers = typeof answer === 'object' && answer !== null ? (answer as { headers?: unknown }).headers : undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'sec-websocket-protocol');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
