// The stack's HTTP route table. The management API and /admin are routes here; the web page and its
// assets plug in the same way (`GET /`, `GET /assets/...`), through `startLocalStack({ routes })`
// or `stack.addRoute(...)`. First match wins; no match is a JSON 404. `GET /asyncapi.json` is built in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@streamer/kernel';
import { asyncApiDocument } from '@streamer/protocol';

export type RouteParams = Record<string, string>;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: RouteParams) => void | Promise<void>;

export interface Route {
  /** HTTP method, or '*' for any. */
  method: string;
  /** An exact path, or a RegExp whose named groups become `params`. */
  path: string | RegExp;
  handler: RouteHandler;
}

export class HttpRouter {
  private readonly routes: Route[] = [];

  constructor(private readonly logger: Logger) {
    this.add(asyncApiRoute());
  }

  add(route: Route): this {
    this.routes.push(route);
    return this;
  }

  /** The HTTP server's `request` listener. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req);
    const match = this.match(req.method ?? 'GET', path);
    if (!match) {
      const allowed = this.methodsFor(path);
      if (allowed.length > 0) {
        res.setHeader('allow', allowed.join(', '));
        return sendJson(res, 405, { message: `Method ${req.method} not allowed on ${path}` });
      }
      return sendJson(res, 404, { message: 'Not Found' });
    }
    Promise.resolve()
      .then(() => match.route.handler(req, res, match.params))
      .catch((error: unknown) => {
        this.logger.error('HTTP route failed', { method: req.method, path, error });
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
        else res.destroy();
      });
  }

  private match(method: string, path: string): { route: Route; params: RouteParams } | undefined {
    for (const route of this.routes) {
      if (route.method !== '*' && route.method !== method) continue;
      const params = matchPath(route.path, path);
      if (params) return { route, params };
    }
    return undefined;
  }

  private methodsFor(path: string): string[] {
    return [...new Set(this.routes.filter((r) => r.method !== '*' && matchPath(r.path, path)).map((r) => r.method))];
  }
}

/** GET /asyncapi.json: the protocol's AsyncAPI 3.0 document, as committed in docs/asyncapi.json. */
function asyncApiRoute(): Route {
  const document = asyncApiDocument();
  return { method: 'GET', path: '/asyncapi.json', handler: (_req, res) => sendJson(res, 200, document, { 'access-control-allow-origin': '*' }) };
}

function matchPath(pattern: string | RegExp, path: string): RouteParams | undefined {
  if (typeof pattern === 'string') return pattern === path ? {} : undefined;
  const match = pattern.exec(path);
  if (!match) return undefined;
  const params: RouteParams = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) params[name] = value;
  return params;
}

/** The request path without its query string (left encoded). */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.byteLength), ...headers });
  res.end(payload);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

// Reads a request body up to a size limit: a larger body is reported as too large without being
// buffered (the rest is drained and discarded).
export type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.byteLength;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    // One chunk (a small body) is the body itself, not a copy.
    req.once('end', () => resolve(over ? { kind: 'too-large' } : { kind: 'ok', body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) }));
    req.once('error', () => resolve({ kind: 'aborted' }));
    req.once('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether the request was addressed to this machine by a loopback name. A page on another name that
 * resolves here (DNS rebinding) carries that name in `Host`, so local-only routes refuse it.
 */
export function isLoopbackHost(req: Pick<IncomingMessage, 'headers'>): boolean {
  const host = req.headers.host;
  if (host === undefined) return false;
  const name = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec(host)?.[1]?.toLowerCase();
  return name !== undefined && LOOPBACK_NAMES.has(name);
}

// POST /admin (local stack only): the body is the admin Lambda's event, the answer its response
// `{statusCode, body}` with the same HTTP status. A body that is not JSON is a 400 in the admin's
// own error shape; a failed invocation is a 502 with Lambda's error payload. Only requests addressed
// to a loopback name are served (403 otherwise), so a DNS-rebinding page cannot reach the admin.
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
