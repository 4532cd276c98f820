// Attributes async resources to Lambda invocations and tells which are still pending (freeze-check.ts
// says why). Each invocation runs in an AsyncLocalStorage context; one async_hooks `init` hook (no
// `destroy` or promise hooks: those cost far more) records the resources of the kinds below created
// in that context. Whether each one is still pending is read when the handler has returned:
// - ref'd timers and immediates that have neither fired nor been cleared;
// - outbound HTTP requests whose response has not ended (HTTPCLIENTREQUEST, the response parser);
// - request wraps still active in libuv (fs, DNS, TCP connect, socket writes and shutdowns).
// Sockets themselves (TCPWRAP, TLSWRAP) are not work: an idle keep-alive socket is resumed after a thaw.
// Promises are not counted either: one with nothing of the above behind it can never settle.
import { AsyncLocalStorage, type AsyncHook, createHook } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

const REQUEST_WRAPS = ['FSREQCALLBACK', 'FSREQPROMISE', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'QUERYWRAP', 'TCPCONNECTWRAP', 'PIPECONNECTWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP'];
const TRACKED = new Set(['Timeout', 'Immediate', 'HTTPCLIENTREQUEST', ...REQUEST_WRAPS]);
const SWEEP_AT = 256;

export interface PendingWork {
  /** async_hooks resource type: `Timeout`, `HTTPCLIENTREQUEST`, `FSREQCALLBACK`, … */
  type: string;
  /** Where it was created (a few stack frames), when stacks are captured. */
  createdAt?: string;
}

interface Tracked {
  type: string;
  resource: object;
  createdAt?: string;
}

/** One invocation's resources; `closed` once checked, after which nothing more is recorded. */
export class TrackedInvocation {
  readonly resources: Tracked[] = [];
  closed = false;
  private sweepAt = SWEEP_AT;

  add(entry: Tracked): void {
    this.resources.push(entry);
    if (this.resources.length < this.sweepAt) return;
    const active = activeRequests();
    const live = this.resources.filter((r) => isPending(r, active));
    this.resources.splice(0, this.resources.length, ...live);
    this.sweepAt = Math.max(SWEEP_AT, live.length * 2);
  }
}

export interface FreezeTrackerOptions {
  /** Capture a short stack for each recorded resource (costly: tests and debugging only). */
  captureStacks?: boolean;
}

/** The async_hooks side: attributes resources to invocations. One per stack; `close()` disables the hook. */
export class FreezeTracker {
  private readonly storage = new AsyncLocalStorage<TrackedInvocation>();
  private readonly hook: AsyncHook;

  constructor(options: FreezeTrackerOptions = {}) {
    const capture = options.captureStacks === true;
    this.hook = createHook({
      init: (_id, type, _trigger, resource) => {
        if (!TRACKED.has(type)) return;
        const invocation = this.storage.getStore();
        if (!invocation || invocation.closed) return;
        invocation.add(capture ? { type, resource, createdAt: creationSite() } : { type, resource });
      },
    }).enable();
  }

  /** Runs `fn` as (part of) `invocation`: what it starts, directly or not, is attributed to it. */
  run<T>(invocation: TrackedInvocation, fn: () => T): T {
    return this.storage.run(invocation, fn);
  }

  /** Runs `fn` outside any invocation (the runtime's own timers). */
  outside<T>(fn: () => T): T {
    return this.storage.exit(fn);
  }

  /** Lets the turn finish (microtasks, callbacks already due), then lists and closes what is still pending. */
  async settle(invocation: TrackedInvocation): Promise<PendingWork[]> {
    await this.outside(() => nextTurn());
    invocation.closed = true;
    const active = activeRequests();
    const pending = invocation.resources.filter((r) => isPending(r, active));
    invocation.resources.length = 0;
    return pending.map(({ type, createdAt }) => (createdAt === undefined ? { type } : { type, createdAt }));
  }

  close(): void {
    this.hook.disable();
    this.storage.disable();
  }
}

function isPending(entry: Tracked, active: ReadonlySet<unknown>): boolean {
  const resource = entry.resource as { _destroyed?: boolean; hasRef?: () => boolean; req?: { destroyed?: boolean } };
  switch (entry.type) {
    case 'Timeout':
    case 'Immediate':
      return resource._destroyed !== true && resource.hasRef?.() !== false;
    case 'HTTPCLIENTREQUEST':
      return resource.req?.destroyed === false;
    default:
      return active.has(entry.resource);
  }
}

/** Request wraps libuv still has in flight (undocumented but long-standing; empty when absent). */
function activeRequests(): ReadonlySet<unknown> {
  const list = (process as unknown as { _getActiveRequests?: () => unknown[] })._getActiveRequests;
  return new Set(typeof list === 'function' ? list.call(process) : []);
}

/** The first few frames outside Node's internals and this file, preferring code outside node_modules. */
function creationSite(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, creationSite);
  Error.stackTraceLimit = limit;
  const frames = (holder.stack ?? '').split('\n').slice(1).map((line) => line.trim().replace(/^at /, ''));
  const own = frames.filter((line) => !line.includes('node:') && !line.includes(__filename));
  const app = own.filter((line) => !line.includes('node_modules'));
  return (app.length > 0 ? app : own).slice(0, 3).join(' < ');
}
