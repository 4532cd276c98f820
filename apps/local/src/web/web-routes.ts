// The web page's HTTP routes on the local stack: the page, its script and stylesheet, and the
// dev-token route the page connects with. The page talks to POST /admin (the stack's own route) and
// to the WebSocket API on the same origin.
import type { Route } from '@streamer/local-stack';
import type { IncomingMessage } from 'node:http';
import { devTokenRoute } from './dev-token-route';
import type { DevTokens } from './dev-tokens';
import { send } from './respond';
import type { WebPage } from './web-page';

export function webRoutes(page: WebPage, tokens: DevTokens): Route[] {
  return [
    { method: 'GET', path: '/', handler: (req, res) => send(res, 200, 'text/html; charset=utf-8', page.html, pageHeaders(req)) },
    { method: 'GET', path: '/assets/app.js', handler: (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', page.script) },
    { method: 'GET', path: '/assets/styles.css', handler: (_req, res) => send(res, 200, 'text/css; charset=utf-8', page.css) },
    devTokenRoute(tokens),
  ];
}

/** The page loads only its own files and talks only to its own origin (HTTP and WebSocket). */
function pageHeaders(req: IncomingMessage): Record<string, string> {
  const host = req.headers.host ?? '';
  const socket = /^[A-Za-z0-9.:[\]-]+$/.test(host) ? ` ws://${host}` : '';
  const policy = [
    "default-src 'self'",
    `connect-src 'self'${socket}`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  return { 'content-security-policy': policy.join('; '), 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
}
