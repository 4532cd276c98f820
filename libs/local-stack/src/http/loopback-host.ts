import type { IncomingMessage } from 'node:http';

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
