// POST /admin (local stack only): the body is the admin Lambda's event, the answer its response
// `{statusCode, body}` with the same HTTP status. A body that is not JSON is a 400 in the admin's
// own error shape; a failed invocation is a 502 with Lambda's error payload. Only requests addressed
// to a loopback name are served (403 otherwise), so a DNS-rebinding page cannot reach the admin.
import { isLoopbackHost } from './loopback-host';
import type { Route } from './router';
import { readBody } from './read-body';
import { sendJson } from './respond';

export const ADMIN_PATH = '/admin';
const MAX_ADMIN_EVENT_BYTES = 256 * 1024;

export type AdminInvoke = (event: unknown) => Promise<unknown>;

export interface LambdaErrorLike {
  errorType: string;
  errorMessage: string;
}

export function adminRoute(invoke: AdminInvoke, describeError: (error: unknown) => LambdaErrorLike): Route {
  return {
    method: 'POST',
    path: ADMIN_PATH,
    handler: async (req, res) => {
      if (!isLoopbackHost(req)) {
        return sendJson(res, 403, { statusCode: 403, body: { code: 'FORBIDDEN', message: 'the admin endpoint only answers 127.0.0.1 and localhost' } });
      }
      const read = await readBody(req, MAX_ADMIN_EVENT_BYTES);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') return sendJson(res, 413, invalid(413, `the event must be at most ${MAX_ADMIN_EVENT_BYTES} bytes`));
      let event: unknown;
      try {
        event = JSON.parse(read.body.toString('utf8'));
      } catch (error) {
        return sendJson(res, 400, invalid(400, `the body must be a JSON event: ${(error as Error).message}`));
      }
      let response: unknown;
      try {
        response = await invoke(event);
      } catch (error) {
        return sendJson(res, 502, describeError(error));
      }
      sendJson(res, statusOf(response), response ?? null);
    },
  };
}

function invalid(statusCode: 400 | 413, message: string): { statusCode: number; body: { code: 'INVALID_INPUT'; message: string } } {
  return { statusCode, body: { code: 'INVALID_INPUT', message } };
}

function statusOf(response: unknown): number {
  const status = typeof response === 'object' && response !== null ? (response as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200;
}
