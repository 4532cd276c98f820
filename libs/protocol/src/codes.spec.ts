import { ERROR_CODE_LIST, ERROR_CODES, genericMessage, isErrorCode, isRetryable } from './codes';

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
