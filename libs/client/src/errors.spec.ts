import { StreamerError, isStreamerError } from './errors';

describe('StreamerError', () => {
  it('takes retryability and message defaults from its code', () => {
    expect(new StreamerError('TIMEOUT')).toMatchObject({ name: 'StreamerError', code: 'TIMEOUT', retryable: true, message: 'Request timed out' });
    expect(new StreamerError('CLOSED')).toMatchObject({ retryable: false });
    expect(new StreamerError('CONNECTION_FAILED')).toMatchObject({ retryable: true });
    expect(new StreamerError('INTERNAL_ERROR', 'x', { retryable: false }).retryable).toBe(false);
  });

  it('serialises without stack or cause', () => {
    const error = new StreamerError('NOT_FOUND', 'gone', { requestId: 'r-1', cause: new Error('secret') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'StreamerError', code: 'NOT_FOUND', message: 'gone', retryable: false, requestId: 'r-1' });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('is built from a wire error, keeping the server’s retryable flag', () => {
    const error = StreamerError.fromWire({ code: 'RATE_LIMITED', message: 'slow', retryable: true, retryAfterMs: 10 }, 'r-2');
    expect(error.toJSON()).toEqual({ name: 'StreamerError', code: 'RATE_LIMITED', message: 'slow', retryable: true, requestId: 'r-2', retryAfterMs: 10 });
  });

  it('is recognised by isStreamerError, optionally by code', () => {
    const error = new StreamerError('CANCELLED');
    expect(isStreamerError(error)).toBe(true);
    expect(isStreamerError(error, 'CANCELLED', 'TIMEOUT')).toBe(true);
    expect(isStreamerError(error, 'TIMEOUT')).toBe(false);
    expect(isStreamerError(new Error('x'))).toBe(false);
  });
});
