// The benchmark's broadcast frame: a topic event carrying the round number, so the socket farm can
// tell which delivery a received frame belongs to. About 200 bytes, like a small real event.

export interface BenchFrame {
  type: 'event';
  topic: 'bench';
  data: { round: number; text: string };
}

export function benchFrame(round: number): BenchFrame {
  return { type: 'event', topic: 'bench', data: { round, text: 'x'.repeat(140) } };
}

export function frameBytes(round: number): Buffer {
  return Buffer.from(JSON.stringify(benchFrame(round)));
}

/** The round of a received frame, or undefined for any other frame. */
export function roundOf(text: string): number | undefined {
  try {
    const frame = JSON.parse(text) as Partial<BenchFrame>;
    return frame.topic === 'bench' && typeof frame.data?.round === 'number' ? frame.data.round : undefined;
  } catch {
    return undefined;
  }
}
