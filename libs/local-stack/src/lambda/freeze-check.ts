// The freeze check of the local Lambda runtime. In AWS, Lambda freezes the execution environment once
// the runtime has sent the handler's response and no events are pending (see "Understanding the Lambda
// execution environment lifecycle": https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
// Work the handler left running — a timer, an outbound request, a file read — is suspended with it:
// it may never finish, or finish minutes later inside another invocation. In-process nothing freezes,
// so after each handler returns the runtime lists what that invocation left pending, logs a warn line
// naming the function and awsRequestId, counts it, and in `strict` mode fails the invocation.
import type { LocalLogger } from '../util/logger';
import { FreezeTracker, type PendingWork, TrackedInvocation } from './pending-work';

export type FreezeCheckMode = 'off' | 'warn' | 'strict';

export interface FreezeCheckOptions {
  /** `warn` (default): log and count; `strict`: also fail the invocation (tests); `off`: no tracking. */
  mode?: FreezeCheckMode;
  logger: LocalLogger;
  /** Capture where each pending resource was created; default: on in strict mode. */
  captureStacks?: boolean;
}

export interface FreezeStats {
  /** Invocations that returned with work still pending. */
  invocationsWithPendingWork: number;
  /** Pending resources by type, over all invocations. */
  pendingByType: Record<string, number>;
}

/** What an invocation left, for the error a strict check turns it into. */
export interface FreezeViolation {
  functionName: string;
  awsRequestId: string;
  pending: PendingWork[];
}

export class FreezeCheck {
  readonly mode: FreezeCheckMode;
  private readonly tracker: FreezeTracker | undefined;
  private readonly logger: LocalLogger;
  private readonly stats: FreezeStats = { invocationsWithPendingWork: 0, pendingByType: {} };

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
    this.logger.warn('Lambda handler returned with work still pending: a frozen execution environment would suspend it', {
      ...who,
      pending: summarise(pending),
    });
    return this.mode === 'strict' ? { ...who, pending } : undefined;
  }

  /** Counts so far (a copy). */
  snapshot(): FreezeStats {
    return { invocationsWithPendingWork: this.stats.invocationsWithPendingWork, pendingByType: { ...this.stats.pendingByType } };
  }

  close(): void {
    this.tracker?.close();
  }
}

/** `Timeout ×2 (at handler (/x/index.js:3:5)), HTTPCLIENTREQUEST ×1` */
export function summarise(pending: readonly PendingWork[]): string {
  const groups = new Map<string, { count: number; createdAt?: string }>();
  for (const { type, createdAt } of pending) {
    const group = groups.get(type) ?? { count: 0, ...(createdAt === undefined ? {} : { createdAt }) };
    group.count += 1;
    groups.set(type, group);
  }
  return [...groups].map(([type, { count, createdAt }]) => `${type} ×${count}${createdAt ? ` (at ${createdAt})` : ''}`).join(', ');
}
