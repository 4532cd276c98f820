import { SequenceContentionError } from './errors';
import { isTruncated, SeqTaken, withSeqRetry } from './topic-events';

describe('withSeqRetry', () => {
  const scope = { tenantId: 't', topic: 'news' };

  it('retries an uninformed lost seq (a transaction conflict) with growing, jittered waits', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const winsSixth = async () => (++attempts < 6 ? Promise.reject(new SeqTaken('taken', false)) : 'won');
    await expect(withSeqRetry(scope, winsSixth, { random: () => 0.5, sleep: async (ms) => void waits.push(ms) })).resolves.toBe('won');
    expect(waits).toEqual([1, 2, 4, 8, 16]);
  });

  it('gives up with SequenceContentionError after 10 s of lost races', async () => {
    let time = 0;
    let attempts = 0;
    const lose = async (): Promise<never> => {
      attempts += 1;
      time += 20; // one round trip
      throw new SeqTaken('taken', true);
    };
    const error = await withSeqRetry(scope, lose, { now: () => time }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SequenceContentionError);
    expect(error).toMatchObject({ retryable: true, context: { operation: 'events.append', tenantId: 't', topic: 'news' } });
    expect(attempts).toBe(10_000 / 20);
  });

  it('gives up after 1 000 attempts even when they are instant', async () => {
    let attempts = 0;
    const lose = async (): Promise<never> => {
      attempts += 1;
      throw new SeqTaken('taken', true);
    };
    await expect(withSeqRetry(scope, lose, { now: () => 0 })).rejects.toBeInstanceOf(SequenceContentionError);
    expect(attempts).toBe(1_000);
  });

  it('retries an informed attempt at once, without waiting', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const winsThird = async () => (++attempts < 3 ? Promise.reject(new SeqTaken('taken', true)) : 'won');
    await expect(withSeqRetry(scope, winsThird, { sleep: async (ms) => void waits.push(ms) })).resolves.toBe('won');
    expect(waits).toEqual([]);
  });

  it('returns the first attempt that wins and passes other errors through', async () => {
    let attempts = 0;
    const winsThird = async () => (++attempts < 3 ? Promise.reject(new SeqTaken('taken', true)) : 'won');
    await expect(withSeqRetry(scope, winsThird, { sleep: async () => undefined })).resolves.toBe('won');
    const boom = new Error('boom');
    await expect(withSeqRetry(scope, () => Promise.reject(boom), { sleep: async () => undefined })).rejects.toBe(boom);
  });
});

describe('isTruncated', () => {
  it.each([
    [0, 0, undefined, false],
    [0, 3, 1, false],
    [0, 3, 2, true],
    [0, 3, undefined, true],
    [2, 3, 3, false],
    [3, 3, undefined, false],
    [9, 3, undefined, false],
  ])('after %i, head %i, first retained %s → %s', (after, head, first, expected) => {
    expect(isTruncated(after, head, first)).toBe(expected);
  });
});
