import { claimCap, type ClaimOutcome, type RateWindow, TenantRateClaims } from './rate-claims';

/** Counters as a table holds them, written through the claims' port; every write is recorded. */
function table() {
  const counters = new Map<string, number>();
  const writes: { key: string; slots: number }[] = [];
  const write = async (window: RateWindow, slots: number): Promise<ClaimOutcome> => {
    writes.push({ key: window.key, slots });
    const held = counters.get(window.key) ?? 0;
    if (held + slots > window.share) return { claimed: false, held };
    counters.set(window.key, held + slots);
    return { claimed: true };
  };
  return { counters, writes, write };
}

const SECOND = 1_000_000;

describe('tenant rate claims', () => {
  it('caps a claim at limit / 50, between 1 and 16', () => {
    expect([6, 99, 100, 200, 799, 800, 2_000, 10_000_000].map(claimCap)).toEqual([1, 1, 2, 4, 15, 16, 16, 16]);
  });

  it('admits a frame stamped before the current second on a slot of its own, leaving the current pool as it was', async () => {
    const { writes, write } = table();
    const claims = new TenantRateClaims(write, () => 0);
    for (let i = 0; i < 4; i += 1) await claims.take('t', 2_000, SECOND + 100); // claims 1, 2, 4: 3 slots left
    expect((await claims.take('t', 2_000, SECOND - 1)).allowed).toBe(true);
    expect(writes.slice(3)).toEqual([{ key: expect.stringContaining('#999#'), slots: 1 }]);
    for (let i = 0; i < 3; i += 1) await claims.take('t', 2_000, SECOND + 200);
    expect(writes).toHaveLength(4);
  });

  it('never passes the limit under concurrent takes on one instance', async () => {
    const { counters, write } = table();
    const claims = new TenantRateClaims(write, () => 0);
    const decisions = await Promise.all(Array.from({ length: 300 }, () => claims.take('t', 200, SECOND)));
    expect(decisions.filter((decision) => decision.allowed).length).toBeLessThanOrEqual(200);
    expect([...counters.values()]).toEqual([200]);
  });

  it('forgets the least recently started tenant past 1 000: its unused slots are dropped, not reused', async () => {
    const { writes, write } = table();
    const claims = new TenantRateClaims(write, () => 0);
    await claims.take('first', 2_000, SECOND);
    await claims.take('first', 2_000, SECOND); // a claim of 2: 1 slot left
    for (let i = 0; i < 1_000; i += 1) await claims.take(`t-${i}`, 2_000, SECOND);
    const before = writes.length;
    await claims.take('first', 2_000, SECOND);
    expect(writes.length - before).toBe(1);
    expect(writes.at(-1)?.slots).toBe(1);
  });
});
