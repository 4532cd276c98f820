import { SequenceContentionError } from './errors';
import { isTruncated, SeqTaken, withSeqRetry } from './topic-events';

describe('withSeqRetry', () => {
  const scope = { tenantId: 't', topic: 'news' };

  it('retries a lost seq with growing, jittered waits and gives up with SequenceContentionError', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const lose = async (): Promise<number> => {
      attempts += 1;
      throw new SeqTaken('taken');
    };
    const error = await withSeqRetry(scope, lose, { random: () => 0.5, sleep: async (ms) => void waits.push(ms) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SequenceContentionError);
    expect(error).toMatchObject({ retryable: true, context: { operation: 'events.append', topic: 'news' } });
    expect(attempts).toBe(20);
    expect(waits.slice(0, 4)).toEqual([2, 5, 10, 20]);
    expect(Math.max(...waits)).toBe(100);
  });

  it('returns the first attempt that wins and passes other errors through', async () => {
    let attempts = 0;
    const winsThird = async () => (++attempts < 3 ? Promise.reject(new SeqTaken('taken')) : 'won');
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
