import { waitFor } from '@streamer/kernel/testing';
import { laneOf, Lanes } from './lanes';

describe('Lanes', () => {
  it('keeps one key in order and runs different lanes side by side', async () => {
    const delivered: string[][] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const lanes = new Lanes<{ key: string; n: number }>({
      lanes: 4,
      batchSize: 2,
      maxBuffered: 100,
      keyOf: (item) => item.key,
      deliver: async (batch) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 5));
        delivered.push(batch.map((item) => `${item.key}${item.n}`));
        concurrent -= 1;
      },
    });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await lanes.push(keys.flatMap((key) => [1, 2, 3].map((n) => ({ key, n }))));
    await lanes.idle();
    for (const key of keys) {
      const order = delivered.flat().filter((id) => id.startsWith(key));
      expect(order).toEqual([`${key}1`, `${key}2`, `${key}3`]);
    }
    expect(Math.max(...delivered.map((b) => b.length))).toBeLessThanOrEqual(2);
    expect(maxConcurrent).toBeGreaterThan(1);
    expect(maxConcurrent).toBeLessThanOrEqual(4);
  });

  it('makes push wait while the buffer is full', async () => {
    let release: () => void = () => undefined;
    const lanes = new Lanes<number>({
      lanes: 1,
      batchSize: 1,
      maxBuffered: 2,
      keyOf: () => 'k',
      deliver: () => new Promise<void>((resolve) => (release = resolve)),
    });
    await lanes.push([1, 2]);
    let pushed = false;
    const third = lanes.push([3]).then(() => (pushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushed).toBe(false);
    release();
    await waitFor(() => pushed || undefined, 'the third push');
    await third;
  });

  it('spreads keys over every lane', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => laneOf(`request-${i}`, 10)));
    expect(used.size).toBe(10);
  });
});
