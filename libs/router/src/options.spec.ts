import { createInMemoryStores } from '@streamer/store/testing';
import { HandlerRegistry } from '@streamer/handler-api';
import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import { silentLogger } from '@streamer/kernel';
import type { ServerMessage } from '@streamer/protocol';
import { decodeTime } from 'ulid';
import { RouterConfigError } from './errors';
import { pooledUlids } from './options';
import { createRouter } from './router';

const base = () => ({
  registry: new HandlerRegistry(),
  stores: createInMemoryStores(),
  sender: new RecordingMessageSender<ServerMessage>(),
  publisher: new RecordingPublisher(),
  logger: silentLogger,
});

describe('createRouter options', () => {
  it.each([
    ['syncTimeoutMs', { syncTimeoutMs: 30_000 }],
    ['syncTimeoutMs', { syncTimeoutMs: 0 }],
    ['rateLimit.ratePerSecond', { rateLimit: { ratePerSecond: 0, burst: 10 } }],
    ['rateLimit.burst', { rateLimit: { ratePerSecond: 5, burst: 0.5 } }],
    ['deadlineMarginMs', { deadlineMarginMs: -1 }],
    ['requestTtlMs', { requestTtlMs: 10 }],
  ])('refuses a bad %s', (option, overrides) => {
    const build = () => createRouter({ ...base(), ...overrides });
    expect(build).toThrow(RouterConfigError);
    expect(build).toThrow(option);
  });

  it('accepts the documented maximum sync timeout', () => {
    expect(() => createRouter({ ...base(), syncTimeoutMs: 29_000 })).not.toThrow();
  });
});

describe('pooledUlids', () => {
  it('makes distinct ULIDs of the current time, across refills of its pool', () => {
    const next = pooledUlids(32); // refilled every second id
    const before = Date.now();
    const ids = Array.from({ length: 500 }, () => next());
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
      expect(decodeTime(id)).toBeLessThanOrEqual(after);
    }
    // 8 000 random characters: every one of the 32 shows up, none dominates.
    const counts = new Map<string, number>();
    for (const id of ids) for (const c of id.slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    expect(Math.max(...counts.values())).toBeLessThan(500);
  });
});
