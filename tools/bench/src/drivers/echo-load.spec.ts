import { findCeiling, type LoadStep } from './echo-load';

/** A step whose p99 is what `p99At(rate, try)` says; `try` counts the offers of that rate so far. */
function fakeOffer(p99At: (rate: number, attempt: number) => number): { offer: (rate: number) => Promise<LoadStep>; offered: number[] } {
  const offered: number[] = [];
  const offer = async (rate: number): Promise<LoadStep> => {
    const attempt = offered.filter((r) => r === rate).length;
    offered.push(rate);
    const p99Ms = p99At(rate, attempt);
    return { offered: rate, started: rate, finished: rate, achieved: rate, p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms };
  };
  return { offer, offered };
}

const search = { rates: [25, 50, 100, 200, 400], p99BoundMs: 100, refine: 3, settleMs: 0 };

describe('findCeiling', () => {
  it('steps up until a rate misses the bound, then bisects between the last rate that held and the first that did not', async () => {
    const { offer, offered } = fakeOffer((rate) => (rate <= 130 ? 50 : 500));
    const ceiling = await findCeiling(offer, search);
    expect(ceiling.rate).toBe(125);
    expect(ceiling.at?.offered).toBe(125);
    expect(offered).toEqual([25, 50, 100, 200, 200, 150, 150, 125, 138, 138]);
  });

  it('tries a missed rate once more, so one stall does not end the search', async () => {
    const { offer } = fakeOffer((rate, attempt) => (rate === 50 && attempt === 0 ? 900 : rate <= 100 ? 50 : 500));
    const ceiling = await findCeiling(offer, { ...search, refine: 0 });
    expect(ceiling.rate).toBe(100);
  });

  it('reports 0, and every step, when no rate holds', async () => {
    const { offer } = fakeOffer(() => Number.POSITIVE_INFINITY);
    const ceiling = await findCeiling(offer, { ...search, refine: 2 });
    expect(ceiling.rate).toBe(0);
    expect(ceiling.at).toBeUndefined();
    expect(ceiling.steps.map((s) => s.offered)).toEqual([25, 25, 13, 13, 7, 7]);
  });
});
