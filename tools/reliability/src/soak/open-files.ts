// The soak's two processes (the stack, and the client fleet) each hold one file descriptor per
// socket: check the open-file limit before opening anything, and say how to fix it.
import { spawnSync } from 'node:child_process';

/** Descriptors each process needs beyond its sockets: DynamoDB Local, SQS, the HTTP pools, logs. */
export const OPEN_FILES_HEADROOM = 512;

/** The soft limit (`ulimit -n`) this process and its children run with; Infinity when unlimited. */
export function openFileLimit(): number {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const text = out.stdout.trim();
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const limit = Number(text);
  if (out.status !== 0 || !Number.isInteger(limit)) throw new Error(`could not read the open-file limit (ulimit -n answered "${text}")`);
  return limit;
}

/** Throws a clear message when `sockets` cannot be held under the current limit. */
export function assertOpenFileLimit(sockets: number, limit = openFileLimit()): void {
  const needed = sockets + OPEN_FILES_HEADROOM;
  if (limit >= needed) return;
  throw new Error(
    `ulimit -n is ${limit}, but holding ${sockets} sockets needs at least ${needed} open files in each of the soak's two processes ` +
      `(the stack and the client fleet). Raise the limit first (e.g. \`ulimit -n ${Math.max(65_536, needed)}\`), or pass a smaller --sockets.`,
  );
}
