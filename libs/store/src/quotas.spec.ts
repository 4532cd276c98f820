import fc from 'fast-check';
import { rateShare, shardCount, shardOf, shardShare, TENANT_SHARD_CAPACITY, tenantShard, userConnectionsKey } from './quotas';

describe('quota layout', () => {
  it('splits a limit over its shards in shares that differ by at most one and sum to the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (limit) => {
        const shards = shardCount(limit, TENANT_SHARD_CAPACITY);
        const shares = Array.from({ length: shards }, (_, shard) => shardShare(limit, shards, shard));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(limit);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(Math.max(...shares)).toBeLessThanOrEqual(TENANT_SHARD_CAPACITY);
      }),
    );
  });

  it('puts a connection on the same tenant shard every time, within range', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 50_000 }), (id, limit) => {
        const { shard } = tenantShard(id, limit);
        expect(tenantShard(id, limit).shard).toBe(shard);
        expect(shard).toBeGreaterThanOrEqual(0);
        expect(shard).toBeLessThan(shardCount(limit, TENANT_SHARD_CAPACITY));
      }),
    );
    expect(new Set(Array.from({ length: 200 }, (_, i) => shardOf(`conn-${i}`, 4))).size).toBe(4);
  });

  it('picks the rate window of the second and the time until the next one', () => {
    expect(rateShare(100, 5_250, 0.5)).toEqual({ second: 5, shard: 0, share: 100, retryAfterMs: 750 });
    expect(rateShare(1_000, 5_000, 0.99)).toMatchObject({ shard: 1, share: 500, retryAfterMs: 1000 });
  });

  it('keys each tenant and user apart, whatever their ids hold', () => {
    expect(userConnectionsKey('a#b', 'c')).not.toBe(userConnectionsKey('a', 'b#c'));
  });
});
