import { CLIENT_ID_PATTERN } from '@streamer/protocol';
import { createIdGenerator, defaultRandom } from './options';

describe('createIdGenerator', () => {
  it('produces c-<counter>-<random> ids matching the protocol pattern', () => {
    const next = createIdGenerator(() => 0.5);
    expect(next()).toBe('c-1-i000i000');
    expect(next()).toMatch(/^c-2-[0-9a-z]{8}$/);
    expect(next()).toMatch(CLIENT_ID_PATTERN);
  });

  it('does not repeat ids across generators (reloads, tabs) thanks to the random part', () => {
    const ids = new Set<string>();
    for (let g = 0; g < 50; g += 1) {
      const next = createIdGenerator();
      for (let i = 0; i < 20; i += 1) ids.add(next());
    }
    expect(ids.size).toBe(1_000);
  });
});

describe('defaultRandom', () => {
  it('uses Web Crypto when present and stays in [0, 1)', () => {
    const spy = jest.spyOn(globalThis.crypto, 'getRandomValues');
    const random = defaultRandom();
    const values = Array.from({ length: 200 }, () => random());
    expect(spy).toHaveBeenCalled();
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('falls back to Math.random without Web Crypto', () => {
    const host = globalThis as { crypto?: Crypto };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(defaultRandom()).toBe(Math.random);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    }
    expect(host.crypto).toBeDefined();
  });
});
