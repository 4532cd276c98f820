// The freeze check of the local Lambda runtime. In AWS, Lambda freezes the execution environment once
// the runtime has sent the handler's response and no events are pending (see "Understanding the Lambda
// execution environment lifecycle": https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
// Work the handler left running — a timer, an outbound request, a file read — is suspended with it:
// it may never finish, or finish minutes later inside another invocation. In-process nothing freezes,
// so after each handler returns the runtime lists what that invocation left pending, logs a warn line
// naming the function and awsRequestId, counts it, and in `strict` mode fails the invocation.
import { type AsyncHook, AsyncLocalStorage, createHook } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '@streamer/kernel';

export type FreezeCheckMode = 'off' | 'warn' | 'strict';

export interface FreezeCheckOptions {
  /** `warn` (default): log and count; `strict`: also fail the invocation (tests); `off`: no tracking. */
  mode?: FreezeCheckMode;
  logger: Logger;
  /** Capture where each pending resource was created; default: on in strict mode. */
  captureStacks?: boolean;
}

export interface FreezeStats {
  /** Invocations that returned with work still pending. */
  invocationsWithPendingWork: number;
  /** Pending resources by type, over all invocations. */
  pendingByType: Record<string, number>;
  /** The first few invocations that left work pending: `<function> <awsRequestId>: <what, where it was created>`. */
  examples: string[];
}

/** Invocations named in `FreezeStats.examples`. */
const EXAMPLES = 3;

/** What an invocation left, for the error a strict check turns it into. */
export interface FreezeViolation {
  functionName: string;
  awsRequestId: string;
  pending: PendingWork[];
}

export class FreezeCheck {
  readonly mode: FreezeCheckMode;
  private readonly tracker: FreezeTracker | undefined;
  private readonly logger: Logger;
  private readonly stats: FreezeStats = { invocationsWithPendingWork: 0, pendingByType: {}, examples: [] };

  constructor(options: FreezeCheckOptions) {
    this.mode = options.mode ?? 'warn';
    this.logger = options.logger;
    const captureStacks = options.captureStacks ?? this.mode === 'strict';
    this.tracker = this.mode === 'off' ? undefined : new FreezeTracker({ captureStacks });
  }

  /** A new invocation to attribute resources to; undefined when the check is off. */
  begin(): TrackedInvocation | undefined {
    return this.tracker ? new TrackedInvocation() : undefined;
  }

  /** Runs the handler call as `invocation`. */
  run<T>(invocation: TrackedInvocation | undefined, fn: () => T): T {
    return invocation && this.tracker ? this.tracker.run(invocation, fn) : fn();
  }

  /** Runs `fn` outside any invocation (the runtime's own timers). */
  outside<T>(fn: () => T): T {
    return this.tracker ? this.tracker.outside(fn) : fn();
  }

  /** Stops attributing to an invocation that will not be checked (it timed out). */
  abandon(invocation: TrackedInvocation | undefined): void {
    if (invocation) invocation.closed = true;
  }

  /** After the handler returned: reports what is pending; in strict mode returns it as a violation. */
  async afterReturn(invocation: TrackedInvocation | undefined, who: Omit<FreezeViolation, 'pending'>): Promise<FreezeViolation | undefined> {
    if (!invocation || !this.tracker || invocation.closed) return undefined;
    const pending = await this.tracker.settle(invocation);
    if (pending.length === 0) return undefined;
    this.stats.invocationsWithPendingWork += 1;
    for (const { type } of pending) this.stats.pendingByType[type] = (this.stats.pendingByType[type] ?? 0) + 1;
    if (this.stats.examples.length < EXAMPLES) this.stats.examples.push(`${who.functionName} ${who.awsRequestId}: ${summarise(pending)}`);
    this.logger.warn('Lambda handler returned with work still pending: a frozen execution environment would suspend it', {
      ...who,
      pending: summarise(pending),
    });
    return this.mode === 'strict' ? { ...who, pending } : undefined;
  }

  /** Counts so far (a copy). */
  snapshot(): FreezeStats {
    return { invocationsWithPendingWork: this.stats.invocationsWithPendingWork, pendingByType: { ...this.stats.pendingByType }, examples: [...this.stats.examples] };
  }

  close(): void {
    this.tracker?.close();
  }
}

/** `Timeout ×2 (at handler (/x/index.js:3:5)), HTTPCLIENTREQUEST ×1` */
export function summarise(pending: readonly PendingWork[]): string {
  const groups = new Map<string, { count: number; createdAt?: string; target?: string }>();
  for (const { type, createdAt, target } of pending) {
    const group = groups.get(type) ?? { count: 0, ...(createdAt ? { createdAt } : {}), ...(target ? { target } : {}) };
    group.count += 1;
    groups.set(type, group);
  }
  return [...groups].map(([type, { count, createdAt, target }]) => `${type} ×${count}${target ? ` to ${target}` : ''}${createdAt ? ` (at ${createdAt})` : ''}`).join(', ');
}

// Attributes async resources to Lambda invocations and tells which are still pending (freeze-check.ts
// says why). Each invocation runs in an AsyncLocalStorage context; one async_hooks `init` hook (no
// `destroy` or promise hooks: those cost far more) records the resources of the kinds below created
// in that context. Whether each one is still pending is read when the handler has returned:
// - ref'd timers and immediates that have neither fired nor been cleared;
// - outbound HTTP requests whose response has not ended (HTTPCLIENTREQUEST, the response parser; one whose
//   response has ended is done even while its socket is still closing);
// - request wraps still active in libuv (fs, DNS, TCP connect, socket writes and shutdowns).
// Sockets themselves (TCPWRAP, TLSWRAP) are not work: an idle keep-alive socket is resumed after a thaw.
// Promises are not counted either: one with nothing of the above behind it can never settle.
const REQUEST_WRAPS = ['FSREQCALLBACK', 'FSREQPROMISE', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'QUERYWRAP', 'TCPCONNECTWRAP', 'PIPECONNECTWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP'];
const TRACKED = new Set(['Timeout', 'Immediate', 'HTTPCLIENTREQUEST', ...REQUEST_WRAPS]);
const SWEEP_AT = 256;

export interface PendingWork {
  /** async_hooks resource type: `Timeout`, `HTTPCLIENTREQUEST`, `FSREQCALLBACK`, … */
  type: string;
  /** Where it was created (a few stack frames), when stacks are captured. */
  createdAt?: string;
  /** For an outbound HTTP request: its method, host and path (its creation site can be all Node internals). */
  target?: string;
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
  private readonly storage = new AsyncLocalStorage<TrackedInvocation | undefined>();
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

  /**
   * Runs `fn` outside any invocation (the runtime's own timers). `run(undefined)` rather than `exit`:
   * on Node 20 `exit` disables and re-enables the storage, which resets V8's promise hooks each time
   * (twice per invocation here, a measurable share of the stack's CPU under load).
   */
  outside<T>(fn: () => T): T {
    return this.storage.run(undefined, fn);
  }

  /** Lets the turn finish (microtasks, callbacks already due), then lists and closes what is still pending. */
  async settle(invocation: TrackedInvocation): Promise<PendingWork[]> {
    await this.outside(() => nextTurn());
    invocation.closed = true;
    const active = activeRequests();
    const pending = invocation.resources.filter((r) => isPending(r, active));
    invocation.resources.length = 0;
    return pending.map(({ type, resource, createdAt }) => {
      const target = requestTarget(type, resource);
      return { type, ...(createdAt === undefined ? {} : { createdAt }), ...(target === undefined ? {} : { target }) };
    });
  }

  close(): void {
    this.hook.disable();
    this.storage.disable();
  }
}

function isPending(entry: Tracked, active: ReadonlySet<unknown>): boolean {
  const resource = entry.resource as { _destroyed?: boolean; hasRef?: () => boolean; req?: { destroyed?: boolean; res?: { complete?: boolean } | null } };
  switch (entry.type) {
    case 'Timeout':
    case 'Immediate':
      return resource._destroyed !== true && resource.hasRef?.() !== false;
    case 'HTTPCLIENTREQUEST':
      // A response that has ended is the whole answer: what may be left is closing the socket, which
      // after `Connection: close` Node finishes (and marks the request destroyed) only in the loop's
      // close phase, after the check above. Closing a socket is not work, as an idle one is not.
      return resource.req?.destroyed === false && resource.req.res?.complete !== true;
    default:
      return active.has(entry.resource);
  }
}

/** `POST 127.0.0.1:4566/` for an outbound HTTP request's parser resource; undefined for anything else. */
function requestTarget(type: string, resource: object): string | undefined {
  if (type !== 'HTTPCLIENTREQUEST') return undefined;
  const req = (resource as { req?: { method?: string; host?: string; path?: string; getHeader?: (name: string) => unknown } }).req;
  if (req === undefined) return undefined;
  const host = req.getHeader?.('host') ?? req.host ?? '';
  return `${req.method ?? ''} ${String(host)}${req.path ?? ''}`.trim();
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
