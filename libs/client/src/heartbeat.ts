import { Timer, type Timers } from './timers';

/** Heartbeat timing. */
export interface HeartbeatOptions {
  /** Time between pings, in ms; 0 disables the heartbeat. */
  intervalMs: number;
  /** How long to wait for the `pong`, in ms, before declaring the connection dead. */
  timeoutMs: number;
}

/** What the heartbeat needs from its owner. */
export interface HeartbeatHooks {
  /** Sends a `ping`; returns its id, or undefined when it could not be sent. */
  ping(): string | undefined;
  /** No `pong` arrived in time: the connection is dead. */
  onTimeout(): void;
}

/**
 * Sends `ping` every `intervalMs` while connected (keeping API Gateway's 10-minute idle timer from
 * firing) and reports a connection whose `pong` does not come back within `timeoutMs`.
 */
export class Heartbeat {
  private readonly next: Timer;
  private readonly deadline: Timer;
  private awaiting: string | undefined;

  constructor(
    timers: Timers,
    private readonly options: HeartbeatOptions,
    private readonly hooks: HeartbeatHooks,
  ) {
    this.next = new Timer(timers);
    this.deadline = new Timer(timers);
  }

  start(): void {
    this.stop();
    if (this.options.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.next.stop();
    this.deadline.stop();
    this.awaiting = undefined;
  }

  /** A `pong` arrived; the one for the outstanding ping proves the connection alive. */
  onPong(id: string): void {
    if (id !== this.awaiting) return;
    this.awaiting = undefined;
    this.deadline.stop();
  }

  private schedule(): void {
    this.next.start(this.options.intervalMs, () => this.beat());
  }

  private beat(): void {
    const id = this.hooks.ping();
    this.schedule();
    if (id === undefined || this.awaiting !== undefined) return;
    this.awaiting = id;
    this.deadline.start(this.options.timeoutMs, () => {
      this.awaiting = undefined;
      this.next.stop();
      this.hooks.onTimeout();
    });
  }
}
