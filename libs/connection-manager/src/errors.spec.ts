import {
  CircuitOpenError,
  ConnectionError,
  ConnectionNotFoundError,
  ConnectionStaleError,
  GatewayError,
  UnsendableMessageError,
  isConnectionGone,
  ShutdownError,
} from './errors';

describe('errors', () => {
  const cause = new Error('underlying');
  const all: ConnectionError[] = [
    new ConnectionNotFoundError('c1', { cause }),
    new ConnectionStaleError('c1', { cause }),
    new UnsendableMessageError('too big', { reason: 'too-large', bytes: 200_000, limitBytes: 131_072 }, { cause, connectionId: 'c1' }),
    new CircuitOpenError('connection', { connectionId: 'c1', retryAfterMs: 500, cause }),
    new ShutdownError('send', { cause }),
    new GatewayError('boom', { kind: 'server', status: 500, operation: 'post' }, { cause, connectionId: 'c1' }),
  ];

  it.each(all.map((e) => [e.name, e] as const))('%s has a name, code, cause, retryable flag and a JSON view without stack', (name, error) => {
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.cause).toBe(cause);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ name, code: error.code, message: error.message, retryable: error.retryable });
    expect(json).not.toHaveProperty('stack');
    expect(json).not.toHaveProperty('cause');
  });

  it('carries typed context', () => {
    expect(new GatewayError('x', { kind: 'throttled', status: 429, errorType: 'LimitExceededException' }).toJSON()).toMatchObject({
      code: 'GATEWAY_ERROR',
      kind: 'throttled',
      status: 429,
      errorType: 'LimitExceededException',
      retryable: true,
    });
    expect(new CircuitOpenError('gateway', { retryAfterMs: 10 }).toJSON()).toMatchObject({ scope: 'gateway', retryAfterMs: 10, retryable: true });
    expect(new UnsendableMessageError('x', { reason: 'unserialisable', limitBytes: 1 }).toJSON()).toMatchObject({ reason: 'unserialisable', retryable: false });
  });

  it('isConnectionGone is true for stale and not-found connections only', () => {
    expect(isConnectionGone(new ConnectionStaleError('c'))).toBe(true);
    expect(isConnectionGone(new ConnectionNotFoundError('c'))).toBe(true);
    expect(isConnectionGone(new GatewayError('gone', { kind: 'gone', status: 410 }))).toBe(true);
    expect(isConnectionGone(new GatewayError('x', { kind: 'server', status: 500 }))).toBe(false);
    expect(isConnectionGone(new CircuitOpenError('gateway'))).toBe(false);
    expect(isConnectionGone(new Error('other'))).toBe(false);
    expect(isConnectionGone(undefined)).toBe(false);
  });
});
