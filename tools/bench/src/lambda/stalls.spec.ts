import { pausedOutside, StallMeter } from './stalls';

describe('pausedOutside', () => {
  const call = (startedAt: number, durationMs: number) => ({ startedAt, durationMs });

  it('counts a pause only where it falls inside the invocation', () => {
    expect(pausedOutside([[0, 4], [8, 12], [20, 30]], 2, 10, [])).toBe(4);
  });

  it('leaves out the part of a pause that falls inside a store call, overlapping calls counted once', () => {
    expect(pausedOutside([[0, 10]], 0, 10, [call(2, 3), call(4, 2), call(8, 5)])).toBe(2 + 2);
    expect(pausedOutside([[3, 4]], 0, 10, [call(2, 3)])).toBe(0);
  });
});

describe('StallMeter', () => {
  it('hands a store call\'s result or failure back untouched, sync or async', async () => {
    const meter = new StallMeter();
    try {
      meter.startInvocation();
      await expect(meter.storeCall(() => Promise.resolve('item'))).resolves.toBe('item');
      await expect(meter.storeCall(() => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
      expect(meter.storeCall(() => 3)).toBe(3);
      expect(() =>
        meter.storeCall(() => {
          throw new Error('bad input');
        }),
      ).toThrow('bad input');
      expect(Number.isFinite(meter.endInvocation())).toBe(true);
    } finally {
      meter.stop();
    }
  });
});
