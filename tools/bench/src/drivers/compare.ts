// Runs several delivery methods against one fleet in interleaved rounds (the order rotates every
// round, so no method always follows the same neighbour), after one untimed warm-up round each when
// asked (JIT, socket pools).
// A round counts only when every socket of the fleet received the frame.
import { LatencyHistogram, type LatencySummary, median } from '../core/histogram';
import type { FleetGroup, StackSession } from '../stack/stack-session';
import { createMethod, type DeliveryMethod, type MethodKey } from './methods';
import { timedRound } from './round';

export interface MethodRun {
  key: MethodKey;
  label: string;
  rounds: number;
  /** Frames delivered per second over all timed rounds. */
  rate: number;
  /** Time of each timed round, in round order (rounds of all methods interleave). */
  roundsMs: number[];
  time: LatencySummary;
  counters: Record<string, number>;
}

export async function compareMethods(
  session: StackSession,
  group: FleetGroup,
  keys: readonly MethodKey[],
  rounds: number,
  warmUp: boolean,
): Promise<Map<MethodKey, MethodRun>> {
  const methods = keys.map((key) => createMethod(key, session, group));
  const timings = new Map(methods.map((m) => [m.key, { histogram: new LatencyHistogram(), roundsMs: [] as number[] }]));
  try {
    if (warmUp) for (const m of methods) await runRound(session, group, m);
    for (let r = 0; r < rounds; r++) {
      for (const m of rotate(methods, r)) {
        const ms = await runRound(session, group, m);
        const t = timings.get(m.key) as Timing;
        t.histogram.record(ms);
        t.roundsMs.push(ms);
      }
    }
    return new Map(methods.map((m) => [m.key, summarise(m, timings.get(m.key) as Timing, group.ids.length)]));
  } finally {
    for (const m of methods) await m.close();
  }
}

async function runRound(session: StackSession, group: FleetGroup, method: DeliveryMethod): Promise<number> {
  const expected = group.ids.length;
  const outcome = await timedRound(session.fleet, expected, 60_000 + expected * 5, (round) => method.deliver(round));
  if (!outcome.complete) {
    const d = outcome.result;
    throw new Error(`${method.label}: ${outcome.received} of ${expected} sockets received the frame (sent ${d.sent}, gone ${d.gone}, failed ${d.failed})`);
  }
  await method.settle();
  return outcome.ms;
}

interface Timing {
  histogram: LatencyHistogram;
  roundsMs: number[];
}

function summarise(m: DeliveryMethod, t: Timing, frames: number): MethodRun {
  const totalMs = t.roundsMs.reduce((a, b) => a + b, 0);
  const rounds = t.roundsMs.length;
  return { key: m.key, label: m.label, rounds, rate: ((frames * rounds) / totalMs) * 1000, roundsMs: t.roundsMs, time: t.histogram.summary(), counters: m.counters() };
}

/**
 * Throughput of `a` relative to `b` as the median over rounds of b's time ÷ a's time: each round's two
 * measurements ran back to back, so the ratio holds up when the machine's load changes between rounds.
 */
export function pairedRatio(a: MethodRun, b: MethodRun): number {
  return median(a.roundsMs.map((ms, i) => (b.roundsMs[i] as number) / ms));
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
