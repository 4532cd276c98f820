// One timed delivery round: start the clock, deliver a frame of a fresh round number to a fleet, stop
// when the delivery call has returned and every expected socket has received the frame.
import type { Fleet } from '../fleet/fleet';

let lastRound = 0;

/** Round numbers are unique for the whole run, so frames of different rounds never mix. */
export function nextRound(): number {
  lastRound += 1;
  return lastRound;
}

export interface RoundOutcome<T> {
  ms: number;
  received: number;
  complete: boolean;
  result: T;
}

export async function timedRound<T>(fleet: Fleet, expected: number, timeoutMs: number, deliver: (round: number) => Promise<T>): Promise<RoundOutcome<T>> {
  const round = nextRound();
  const started = performance.now();
  const arrival = fleet.expect(round, expected, timeoutMs);
  const result = await deliver(round);
  const report = await arrival;
  return { ms: performance.now() - started, received: report.received, complete: report.complete, result };
}
