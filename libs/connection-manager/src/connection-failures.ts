// Per-connection failure state: after `threshold` consecutive failed attempts (5xx, network, timeout)
// a connection is skipped for `coolDownMs`; then one trial call is let through — success forgets the
// connection, failure starts another cool-down. Bounded by an LRU, so it never grows without limit.
import { LRUCache } from 'lru-cache';

export interface ConnectionFailureOptions {
  /** Consecutive failed attempts before the connection is skipped; default 5. */
  threshold: number;
  /** How long a failing connection is skipped; default 30 000 ms. */
  coolDownMs: number;
  /** Connections tracked at most (least recently failed are forgotten first); default 10 000. */
  maxEntries: number;
}

export const DEFAULT_CONNECTION_FAILURES: Readonly<ConnectionFailureOptions> = {
  threshold: 5,
  coolDownMs: 30_000,
  maxEntries: 10_000,
};

interface FailureState {
  consecutive: number;
  /** Epoch ms until which calls are refused; 0 while below the threshold. */
  openUntil: number;
}

export class ConnectionFailures {
  private readonly states: LRUCache<string, FailureState>;

  constructor(
    private readonly options: ConnectionFailureOptions,
    private readonly now: () => number,
  ) {
    this.states = new LRUCache<string, FailureState>({ max: options.maxEntries });
  }

  /** Undefined when a call may go ahead; otherwise the ms until the connection may be tried again. */
  refuse(connectionId: string): number | undefined {
    const state = this.states.get(connectionId);
    if (!state || state.openUntil === 0) return undefined;
    const now = this.now();
    if (state.openUntil > now) return state.openUntil - now;
    state.openUntil = now + this.options.coolDownMs;
    return undefined;
  }

  recordFailure(connectionId: string): void {
    const state = this.states.get(connectionId) ?? { consecutive: 0, openUntil: 0 };
    state.consecutive += 1;
    if (state.consecutive >= this.options.threshold) state.openUntil = this.now() + this.options.coolDownMs;
    this.states.set(connectionId, state);
  }

  recordSuccess(connectionId: string): void {
    this.states.delete(connectionId);
  }

  /** Connections currently being skipped. */
  openCount(): number {
    const now = this.now();
    let open = 0;
    for (const state of this.states.values()) if (state.openUntil > now) open += 1;
    return open;
  }

  get tracked(): number {
    return this.states.size;
  }
}
