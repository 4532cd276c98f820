// Admin responses: `{statusCode, body}` with `body` a JSON object (not a string). The function is
// invoked directly (Lambda Invoke, EventBridge), never through API Gateway, so there is no proxy
// integration that would require a string body; callers read `Payload.body.count` with one JSON.parse.
import type { ConnectionRecord } from '@streamer/store';

/** Status codes this function answers with. */
export type AdminStatusCode = 200 | 400 | 404 | 500;

/** Stable error codes of the error bodies. */
export type AdminErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'INTERNAL_ERROR';

export interface AdminErrorBody {
  code: AdminErrorCode;
  message: string;
}

export interface AdminResponse<B extends object = object> {
  statusCode: AdminStatusCode;
  body: B;
}

export function ok<B extends object>(body: B): AdminResponse<B> {
  return { statusCode: 200, body };
}

export function badRequest(message: string): AdminResponse<AdminErrorBody> {
  return { statusCode: 400, body: { code: 'INVALID_INPUT', message } };
}

export function notFound(message: string): AdminResponse<AdminErrorBody> {
  return { statusCode: 404, body: { code: 'NOT_FOUND', message } };
}

/** Deliberately generic: table names, SDK messages and stacks go to the log, never to the caller. */
export function internalError(): AdminResponse<AdminErrorBody> {
  return { statusCode: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal error; see the function logs' } };
}

/** A connection as the admin actions return it: the stored record plus `createdAt`, its `connectedAt` in ISO 8601. */
export type AdminConnection = ConnectionRecord & { createdAt: string };

export function connectionView(record: ConnectionRecord): AdminConnection {
  return { ...record, createdAt: new Date(record.connectedAt).toISOString() };
}
