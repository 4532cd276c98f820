import fc from 'fast-check';
import { FrameTooLargeError, InvalidMessageError, ProgressRangeError, ProtocolError, SerializationError } from './errors';
import { ack, error, errorFrom, event, pong, progress, result } from './replies';
import { parseServerMessage } from './parse';

class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  readonly retryable = true;
  readonly retryAfterMs = 1500;
}

class StoreFailure extends Error {
  readonly code = 'INTERNAL_ERROR';
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: 'table requests-prod throttled', retryable: true };
  }
}

describe('error()', () => {
  it('builds the SPEC §2 shape with the code’s retryable flag', () => {
    expect(error('c-42', 'INVALID_REQUEST', 'Unknown action "x"')).toStrictEqual({
      id: 'c-42',
      type: 'error',
      success: false,
      error: { code: 'INVALID_REQUEST', message: 'Unknown action "x"', retryable: false },
    });
    expect(error(null, 'TIMEOUT', 'Took too long').error.retryable).toBe(true);
  });

  it('hides the message of INTERNAL_ERROR unless exposed', () => {
    expect(error('c-1', 'INTERNAL_ERROR', 'table requests-prod missing').error.message).toBe('Internal error');
    expect(error('c-1', 'INTERNAL_ERROR', 'Try later', { expose: true }).error.message).toBe('Try later');
  });

  it('never sends the message or stack of an Error unless exposed', () => {
    const cause = new Error('ECONNREFUSED 10.0.0.7:8000');
    const reply = error('c-1', 'INTERNAL_ERROR', cause);
    expect(reply.error).toStrictEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });
    expect(JSON.stringify(reply)).not.toContain('ECONNREFUSED');
    expect(error('c-1', 'NOT_FOUND', cause).error.message).toBe('Not found');
    expect(error('c-1', 'NOT_FOUND', new Error('No such report'), { expose: true }).error.message).toBe('No such report');
  });

  it('uses the generic message for an empty one', () => {
    expect(error('c-1', 'FORBIDDEN', '').error.message).toBe('Forbidden');
  });

  it('lets the caller override retryable', () => {
    expect(error('c-1', 'INTERNAL_ERROR', 'x', { retryable: false }).error.retryable).toBe(false);
  });

  it('carries retryAfterMs as a whole number of milliseconds, and only a valid one', () => {
    expect(error('c-1', 'RATE_LIMITED', 'Slow down', { retryAfterMs: 1200.2 }).error.retryAfterMs).toBe(1201);
    expect(error('c-1', 'RATE_LIMITED', 'Slow down', { retryAfterMs: 0 }).error.retryAfterMs).toBe(0);
    expect(error('c-1', 'RATE_LIMITED', 'Slow down', { retryAfterMs: -5 }).error).not.toHaveProperty('retryAfterMs');
    expect(error('c-1', 'RATE_LIMITED', 'Slow down', { retryAfterMs: Number.NaN }).error).not.toHaveProperty('retryAfterMs');
  });
});

describe('errorFrom()', () => {
  it('turns an unknown error into a generic retryable INTERNAL_ERROR', () => {
    const reply = errorFrom('c-1', new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(reply).toStrictEqual({
      id: 'c-1',
      type: 'error',
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true },
    });
  });

  it.each([['a string', 'boom'], ['null', null], ['undefined', undefined], ['an unknown code', { code: 'E_STORE', message: 'x' }]])(
    'treats %s as an internal error',
    (_, thrown) => {
      expect(errorFrom('c-1', thrown).error).toStrictEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });
    },
  );

  it('keeps code, retryable, retryAfterMs and message of a typed error', () => {
    expect(errorFrom('c-1', new RateLimitedError('Too many requests, wait 1.5 s')).error).toStrictEqual({
      code: 'RATE_LIMITED',
      message: 'Too many requests, wait 1.5 s',
      retryable: true,
      retryAfterMs: 1500,
    });
  });

  it('does not expose a typed INTERNAL_ERROR’s message, even from toJSON', () => {
    const reply = errorFrom('c-1', new StoreFailure('boom'));
    expect(reply.error).toStrictEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });
  });

  it('honours an explicit expose flag either way', () => {
    expect(errorFrom('c-1', Object.assign(new Error('Quota reset at noon'), { code: 'INTERNAL_ERROR', expose: true })).error.message).toBe(
      'Quota reset at noon',
    );
    expect(errorFrom('c-1', Object.assign(new Error('user 42 in table x'), { code: 'NOT_FOUND', expose: false })).error.message).toBe(
      'Not found',
    );
  });

  it('reads the wire view from toJSON when present', () => {
    const typed = { code: 'FORBIDDEN', message: 'internal: tenant t-9', toJSON: () => ({ message: 'Not your request', retryable: false }) };
    expect(errorFrom('c-1', typed).error).toStrictEqual({ code: 'FORBIDDEN', message: 'Not your request', retryable: false });
  });

  it('answers a parse failure with its reason message and the recovered id', () => {
    const reply = errorFrom(null, new InvalidMessageError('not-json', 'Frame is not valid JSON'));
    expect(reply).toStrictEqual({
      id: null,
      type: 'error',
      success: false,
      error: { code: 'INVALID_REQUEST', message: 'Frame is not valid JSON', retryable: false },
    });
  });

  it('maps the library’s own serialisation failures without leaking them', () => {
    expect(errorFrom('c-1', new SerializationError('BigInt at data.total')).error).toStrictEqual({
      code: 'INTERNAL_ERROR',
      message: 'Internal error',
      retryable: false,
    });
    expect(errorFrom('c-1', new FrameTooLargeError(200_000, 131_072)).error.code).toBe('INVALID_REQUEST');
  });

  it('never throws, even for hostile objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    const throwingToJSON = { code: 'NOT_FOUND', toJSON: () => { throw new Error('nope'); } };
    expect(errorFrom('c-1', hostile).error.code).toBe('INTERNAL_ERROR');
    expect(errorFrom('c-1', throwingToJSON).error).toStrictEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });
  });
});

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

  it('event carries seq and publishedAt for a stored topic event, and they parse back', () => {
    const stored = event('news', { n: 1 }, { seq: 7, publishedAt: 1764950400000 });
    expect(stored).toStrictEqual({ type: 'event', topic: 'news', seq: 7, publishedAt: 1764950400000, data: { n: 1 } });
    expect(parseServerMessage(JSON.stringify(stored))).toEqual({ ok: true, message: stored });
  });

  it('pong echoes the id', () => {
    expect(pong('c-1')).toStrictEqual({ id: 'c-1', type: 'pong' });
  });
});
