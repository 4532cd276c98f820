import { ERROR_CODE_LIST, ERROR_CODES, FrameTooLargeError, genericMessage, InvalidMessageError, isErrorCode, isRetryable, ProgressRangeError, ProtocolError, SerializationError } from './errors';

describe('protocol errors', () => {
  const errors = [
    new InvalidMessageError('bad-id', 'Field "id" must match', 'c-1'),
    new FrameTooLargeError(131_073, 131_072),
    new SerializationError('circular'),
    new ProgressRangeError(2),
  ];

  it.each(errors.map((err) => [err.name, err]))('%s is a ProtocolError and an Error with its own name', (name, err) => {
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toBeInstanceOf(Error);
    expect(err.constructor.name).toBe(name);
    expect(typeof err.stack).toBe('string');
  });

  it('serialises to the wire view without stack or cause', () => {
    const err = new SerializationError('circular', { cause: new TypeError('x') });
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(json).toStrictEqual({ name: 'SerializationError', code: 'INTERNAL_ERROR', message: 'circular', retryable: false });
  });

  it('InvalidMessageError carries reason and recovered id', () => {
    expect(errors[0]?.toJSON()).toStrictEqual({
      name: 'InvalidMessageError',
      code: 'INVALID_REQUEST',
      message: 'Field "id" must match',
      retryable: false,
      reason: 'bad-id',
      id: 'c-1',
    });
    expect(errors[0]?.expose).toBe(true);
  });

  it('the base class defaults retryable from the code table and hides INTERNAL_ERROR messages', () => {
    const timeout = new ProtocolError('TIMEOUT', 'Handler timed out');
    expect(timeout).toMatchObject({ name: 'ProtocolError', retryable: true, expose: true });
    expect(new ProtocolError('INTERNAL_ERROR', 'x')).toMatchObject({ retryable: true, expose: false });
    expect(new ProtocolError('NOT_FOUND', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('the base class carries retryAfterMs into the wire view only when set', () => {
    expect(new ProtocolError('RATE_LIMITED', 'Slow down', { retryAfterMs: 1500 }).toJSON()).toStrictEqual({
      name: 'ProtocolError',
      code: 'RATE_LIMITED',
      message: 'Slow down',
      retryable: true,
      retryAfterMs: 1500,
    });
    expect(new ProtocolError('RATE_LIMITED', 'Slow down').toJSON()).not.toHaveProperty('retryAfterMs');
  });

  it('ProgressRangeError keeps the rejected value and is not exposed to clients', () => {
    expect(errors[3]).toMatchObject({ value: 2, code: 'INTERNAL_ERROR', expose: false, retryable: false });
  });
});

describe('error codes', () => {
  it('lists exactly the protocol v1 codes', () => {
    expect(ERROR_CODE_LIST).toEqual([
      'INVALID_REQUEST',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'RATE_LIMITED',
      'TIMEOUT',
      'INTERNAL_ERROR',
      'CANCELLED',
      'RESULT_TOO_LARGE',
    ]);
  });

  it('marks only RATE_LIMITED, TIMEOUT and INTERNAL_ERROR retryable', () => {
    const retryable = ERROR_CODE_LIST.filter((code) => isRetryable(code));
    expect(retryable).toEqual(['RATE_LIMITED', 'TIMEOUT', 'INTERNAL_ERROR']);
  });

  it('recognises codes and rejects anything else, including inherited keys', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('not_found')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('__proto__')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('has a generic client-safe message per code', () => {
    expect(genericMessage('INTERNAL_ERROR')).toBe('Internal error');
    for (const code of ERROR_CODE_LIST) expect(genericMessage(code)).toBe(ERROR_CODES[code].message);
  });
});
