import fc from 'fast-check';
import { ack, event, pong, progress, result } from './build';
import { ProgressRangeError, ProtocolError } from './errors';

describe('reply constructors', () => {
  it('ack defaults to queued and carries the given status', () => {
    expect(ack('c-1', 'r-1')).toStrictEqual({ id: 'c-1', type: 'ack', requestId: 'r-1', status: 'queued' });
    expect(ack('c-1', 'r-1', 'completed').status).toBe('completed');
  });

  it('progress includes the message only when given', () => {
    expect(progress('c-1', 'r-1', 0.75, 'Generating PDF…')).toStrictEqual({
      id: 'c-1',
      type: 'progress',
      requestId: 'r-1',
      progress: 0.75,
      message: 'Generating PDF…',
    });
    expect(progress('c-1', 'r-1', 1)).not.toHaveProperty('message');
  });

  it('progress accepts both ends of [0, 1]', () => {
    expect(progress('c', 'r', 0).progress).toBe(0);
    expect(progress('c', 'r', 1).progress).toBe(1);
  });

  it.each([-0.000001, 1.000001, -1, 2, Number.NaN, Infinity, -Infinity])('progress rejects %p with a typed error', (value) => {
    const attempt = (): unknown => progress('c', 'r', value);
    expect(attempt).toThrow(ProgressRangeError);
    expect(attempt).toThrow(ProtocolError);
  });

  it('progress rejects a non-number that slipped past the types', () => {
    expect(() => progress('c', 'r', '0.5' as unknown as number)).toThrow(ProgressRangeError);
  });

  it('progress accepts exactly the finite numbers in [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        const inRange = Number.isFinite(value) && value >= 0 && value <= 1;
        if (inRange) expect(progress('c', 'r', value).progress).toBe(value);
        else expect(() => progress('c', 'r', value)).toThrow(ProgressRangeError);
      }),
      { numRuns: 2000 },
    );
  });

  it('progress rejects every value outside [0, 1] (property)', () => {
    const outside = fc.oneof(
      fc.double({ max: 0, maxExcluded: true, noNaN: true }).filter((value) => value < 0), // -0 is 0, which is valid
      fc.double({ min: 1, minExcluded: true, noNaN: true }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(outside, (value) => {
        expect(() => progress('c', 'r', value)).toThrow(ProgressRangeError);
      }),
      { numRuns: 2000 },
    );
  });

  it('result and event always carry data, sending undefined as null', () => {
    expect(result('c-1', { url: 'u' })).toStrictEqual({ id: 'c-1', type: 'result', success: true, data: { url: 'u' } });
    expect(result('c-1', undefined)).toStrictEqual({ id: 'c-1', type: 'result', success: true, data: null });
    expect(event('news', undefined)).toStrictEqual({ type: 'event', topic: 'news', data: null });
    expect(event('news', [1])).toStrictEqual({ type: 'event', topic: 'news', data: [1] });
  });

  it('pong echoes the id', () => {
    expect(pong('c-1')).toStrictEqual({ id: 'c-1', type: 'pong' });
  });
});
