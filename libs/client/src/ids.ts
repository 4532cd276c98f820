/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;

/** Web Crypto when the host has it (browsers, Node ≥ 19), otherwise Math.random. */
export function defaultRandom(): RandomSource {
  const crypto = (globalThis as { crypto?: { getRandomValues?: <T extends ArrayBufferView>(array: T) => T } }).crypto;
  const getRandomValues = crypto?.getRandomValues?.bind(crypto);
  if (!getRandomValues) return Math.random;
  const buffer = new Uint32Array(1);
  return () => (getRandomValues(buffer)[0] ?? 0) / 2 ** 32;
}

/** Eight base-36 characters of randomness. */
function randomSuffix(random: RandomSource): string {
  const high = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  const low = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  return high + low;
}

/**
 * Correlation ids `c-<counter>-<random>`: unique within a client by the counter and across clients
 * (tabs, page reloads) of one user by the random part. Matches the protocol's `CLIENT_ID_PATTERN`.
 */
export function createIdGenerator(random: RandomSource = defaultRandom()): () => string {
  let counter = 0;
  return () => `c-${++counter}-${randomSuffix(random)}`;
}
