// In-memory GatewayPort for tests: scriptable outcomes per connection, latency, holds, a record of
// every call and the highest number of posts in flight at once. Errors are built exactly as the real
// adapters build them (same classification, same API Gateway error types).
import type { GatewayOperation } from '../errors';
import { type GatewayConnectionInfo, gatewayErrorFromResponse, type GatewayPort, gatewayTransportError } from '../gateway/port';

/** An HTTP status the fake answers with, or a transport failure. */
export type FakeOutcome = number | 'network' | 'timeout';

export interface FakeGatewayOptions {
  /** Outcome when nothing is scripted for a call; default 200. */
  defaultStatus?: FakeOutcome;
  /** Latency of every call in ms (setTimeout); 0 resolves on the microtask queue. Default 0. */
  latencyMs?: number;
  /** Clock for GET answers; default Date.now. */
  now?: () => number;
  /** Frame size limit of the real gateway (413 above it); default 128 KiB. */
  maxPayloadBytes?: number;
}

export interface RecordedCall {
  operation: GatewayOperation;
  connectionId: string;
  /** Posted bytes (posts only). */
  data?: Uint8Array;
  outcome: FakeOutcome;
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  403: 'ForbiddenException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
};

export class FakeGateway implements GatewayPort {
  defaultStatus: FakeOutcome;
  latencyMs: number;
  readonly calls: RecordedCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly scripts = new Map<string, FakeOutcome[]>();
  private readonly statuses = new Map<string, FakeOutcome>();
  private readonly latencies = new Map<string, number>();
  private readonly now: () => number;
  private readonly maxPayloadBytes: number;
  private held: { promise: Promise<void>; release: () => void } | undefined;

  constructor(options: FakeGatewayOptions = {}) {
    this.defaultStatus = options.defaultStatus ?? 200;
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 128 * 1024;
  }

  /** Queues outcomes for the next calls of `operation` (default post) to this connection, e.g. [500, 500, 200]. */
  script(connectionId: string, outcomes: readonly FakeOutcome[], operation: GatewayOperation = 'post'): this {
    const key = `${operation}:${connectionId}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...outcomes]);
    return this;
  }

  /** Fixed outcome for every call to this connection once its script is used up (e.g. 410 for a closed socket). */
  setStatus(connectionId: string, outcome: FakeOutcome): this {
    this.statuses.set(connectionId, outcome);
    return this;
  }

  setLatency(connectionId: string, ms: number): this {
    this.latencies.set(connectionId, ms);
    return this;
  }

  /** Calls wait (after being recorded as in flight) until `release()`. */
  hold(): void {
    if (this.held) return;
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { promise, release };
  }

  release(): void {
    this.held?.release();
    this.held = undefined;
  }

  get posts(): RecordedCall[] {
    return this.calls.filter((c) => c.operation === 'post');
  }

  /** JSON-decoded frames successfully delivered to a connection, in order. */
  delivered(connectionId: string): unknown[] {
    return this.posts
      .filter((c) => c.connectionId === connectionId && isSuccess(c.outcome) && c.data)
      .map((c) => JSON.parse(Buffer.from(c.data as Uint8Array).toString('utf8')) as unknown);
  }

  countCalls(operation: GatewayOperation, connectionId?: string): number {
    return this.calls.filter((c) => c.operation === operation && (connectionId === undefined || c.connectionId === connectionId)).length;
  }

  async post(connectionId: string, data: Uint8Array): Promise<void> {
    const tooLarge = data.byteLength > this.maxPayloadBytes ? 413 : undefined;
    await this.exchange('post', connectionId, data, tooLarge);
  }

  async get(connectionId: string): Promise<GatewayConnectionInfo> {
    await this.exchange('get', connectionId);
    const at = this.now();
    return { connectedAt: at, lastActiveAt: at, sourceIp: '127.0.0.1' };
  }

  async delete(connectionId: string): Promise<void> {
    await this.exchange('delete', connectionId);
  }

  private async exchange(operation: GatewayOperation, connectionId: string, data?: Uint8Array, forced?: FakeOutcome): Promise<void> {
    const outcome = forced ?? this.nextOutcome(operation, connectionId);
    this.calls.push({ operation, connectionId, outcome, ...(data ? { data: data.slice() } : {}) });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.wait(connectionId);
    } finally {
      this.inFlight -= 1;
    }
    if (!isSuccess(outcome)) throw errorFor(outcome, operation, connectionId);
  }

  private nextOutcome(operation: GatewayOperation, connectionId: string): FakeOutcome {
    const scripted = this.scripts.get(`${operation}:${connectionId}`)?.shift();
    return scripted ?? this.statuses.get(connectionId) ?? this.defaultStatus;
  }

  private async wait(connectionId: string): Promise<void> {
    const ms = this.latencies.get(connectionId) ?? this.latencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    else await Promise.resolve();
    if (this.held) await this.held.promise;
  }
}

function isSuccess(outcome: FakeOutcome): boolean {
  return typeof outcome === 'number' && outcome >= 200 && outcome < 300;
}

function errorFor(outcome: FakeOutcome, operation: GatewayOperation, connectionId: string) {
  if (outcome === 'network' || outcome === 'timeout') return gatewayTransportError(outcome, { operation, connectionId });
  return gatewayErrorFromResponse({ status: outcome, errorType: ERROR_TYPES[outcome], operation, connectionId });
}
