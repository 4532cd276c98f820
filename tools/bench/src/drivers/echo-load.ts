// Open-loop load at a fixed offered rate: operations start when they are due, whatever earlier ones
// are doing (a closed loop would slow down with the server and hide its queue). Each operation's
// latency runs from the moment it was due to its end, so a sender that falls behind is charged for it
// too; an operation still unfinished when the step has drained counts as slower than any finished one.
// Stepping the offered rate finds the highest one whose p99 stays under a bound. `EchoSockets` makes
// an echo frame over real sockets such an operation: sent on one socket, done when its `result` arrives.
import WebSocket from 'ws';
import { LatencyHistogram } from '../core/histogram';

export interface LoadStep {
  /** Offered operations per second. */
  offered: number;
  started: number;
  finished: number;
  /** Finished operations per second, from the first start to the last end. */
  achieved: number;
  /** Infinity when more than half (p50) or 1 % (p99) did not finish. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StepOptions {
  /** How long each rate is offered. */
  durationMs: number;
  /** How long after the last start an operation may still finish (then it counts as missing). */
  drainMs: number;
}

/** One operation, the `n`th of its step; resolves when done, rejects when it failed. */
export type Operation = (n: number) => Promise<unknown>;

const TICK_MS = 2;

/** Offers `rate` operations per second for `durationMs` and measures each one's latency. */
export async function offerRate(operation: Operation, rate: number, options: StepOptions): Promise<LoadStep> {
  const total = Math.max(1, Math.round((rate * options.durationMs) / 1000));
  const histogram = new LatencyHistogram();
  const started = performance.now();
  let lastEnd = started;
  let launched = 0;
  const running: Promise<void>[] = [];
  while (launched < total) {
    const now = performance.now();
    for (; launched < total && started + (launched * 1000) / rate <= now; launched++) {
      const due = started + (launched * 1000) / rate;
      running.push(
        operation(launched).then(
          () => {
            lastEnd = performance.now();
            histogram.record(lastEnd - due);
          },
          () => undefined,
        ),
      );
    }
    if (launched < total) await pause(TICK_MS);
  }
  await Promise.race([Promise.all(running), pause(options.drainMs, true)]);
  const summary = histogram.summary();
  const missing = (total - histogram.count) / total;
  const bounded = (ms: number, q: number): number => (missing > 1 - q ? Number.POSITIVE_INFINITY : ms);
  return {
    offered: rate,
    started: launched,
    finished: histogram.count,
    achieved: histogram.count / Math.max(0.001, (lastEnd - started) / 1000),
    p50Ms: bounded(summary.p50Ms, 0.5),
    p99Ms: bounded(summary.p99Ms, 0.99),
    maxMs: summary.maxMs,
  };
}

export interface Ceiling<S extends LoadStep> {
  /** Highest offered rate whose p99 stayed under the bound (0 when none did). */
  rate: number;
  /** That step's measurements (undefined when none passed). */
  at?: S;
  steps: S[];
}

export interface CeilingOptions {
  /** Ascending offered rates, tried in turn until one misses the bound. */
  rates: readonly number[];
  p99BoundMs: number;
  /** Bisections between the last rate that held and the first that did not. */
  refine: number;
  /** Pause between steps, so one step's backlog does not land in the next. */
  settleMs: number;
}

/**
 * Offers each rate through `offer` until one misses the p99 bound, then bisects. A miss is tried once
 * more before it counts: on a shared machine one stall (a GC pause, another process) in a step of a
 * few hundred frames is enough to push its p99 over, and would end the search far below the ceiling.
 */
export async function findCeiling<S extends LoadStep>(offer: (rate: number) => Promise<S>, options: CeilingOptions): Promise<Ceiling<S>> {
  const steps: S[] = [];
  const step = async (rate: number): Promise<S> => {
    if (steps.length > 0) await pause(options.settleMs);
    const result = await offer(rate);
    steps.push(result);
    return result;
  };
  const holds = async (rate: number): Promise<S | undefined> => {
    const first = await step(rate);
    if (first.p99Ms < options.p99BoundMs) return first;
    const again = await step(rate);
    return again.p99Ms < options.p99BoundMs ? again : undefined;
  };
  let best: S | undefined;
  let failedAt: number | undefined;
  for (const rate of options.rates) {
    const held = await holds(rate);
    if (!held) {
      failedAt = rate;
      break;
    }
    best = held;
  }
  for (let i = 0; i < options.refine && failedAt !== undefined; i++) {
    const low = best?.offered ?? 0;
    const rate = Math.round((low + failedAt) / 2);
    if (rate <= low || rate >= failedAt) break;
    const held = await holds(rate);
    if (held) best = held;
    else failedAt = rate;
  }
  return best ? { rate: best.offered, at: best, steps } : { rate: 0, steps };
}

/** Sockets sending echo frames round-robin; each frame is done when its `result` comes back. */
export class EchoSockets {
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private step = 0;

  private constructor(private readonly sockets: readonly WebSocket[]) {
    for (const ws of sockets) ws.on('message', (data: Buffer) => this.received(data));
  }

  /** Opens a socket per URL, 25 handshakes at a time. */
  static async open(urls: readonly string[]): Promise<EchoSockets> {
    const sockets: WebSocket[] = [];
    for (let i = 0; i < urls.length; i += 25) sockets.push(...(await Promise.all(urls.slice(i, i + 25).map(openSocket))));
    return new EchoSockets(sockets);
  }

  get size(): number {
    return this.sockets.length;
  }

  /** A fresh operation per step, so ids never repeat; unfinished frames of earlier steps are dropped. */
  operation(action = 'echo'): Operation {
    this.step += 1;
    this.waiting.clear();
    const step = this.step;
    return (n) =>
      new Promise<void>((resolve, reject) => {
        const id = `e${step}-${n}`;
        this.waiting.set(id, { resolve, reject });
        (this.sockets[n % this.sockets.length] as WebSocket).send(JSON.stringify({ id, action, payload: { n, text: 'hello' } }));
      });
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  private received(data: Buffer): void {
    let frame: { id?: unknown; type?: unknown; error?: { code?: unknown } };
    try {
      frame = JSON.parse(data.toString('utf8')) as typeof frame;
    } catch {
      return;
    }
    const waiter = typeof frame.id === 'string' ? this.waiting.get(frame.id) : undefined;
    if (!waiter) return;
    this.waiting.delete(frame.id as string);
    // An error reply (RATE_LIMITED, say) leaves its frame unanswered for the p99.
    if (frame.type === 'result') waiter.resolve();
    else waiter.reject(new Error(`echo ${String(frame.id)}: ${String(frame.error?.code ?? frame.type)}`));
  }
}

function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function pause(ms: number, unref = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}
