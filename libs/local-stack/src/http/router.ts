// The stack's HTTP route table. The management API and /admin are routes here; the web page and its
// assets plug in the same way (`GET /`, `GET /assets/...`), through `startLocalStack({ routes })`
// or `stack.addRoute(...)`. First match wins; no match is a JSON 404.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalLogger } from '../util/logger';
import { sendJson } from './respond';

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

  constructor(private readonly logger: LocalLogger) {}

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
