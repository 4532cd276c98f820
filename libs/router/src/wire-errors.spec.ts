// One wire-error base: the router's errors extend the protocol's `ProtocolError`, and the handler API's
// errors share its shape (`WireErrorSource`), so the protocol's `errorFrom` + `serialize` write every
// one of them the same way. The frames are pinned byte for byte.
import { FatalError, RetryableError } from '@streamer/handler-api';
import { errorFrom, FrameTooLargeError, InvalidMessageError, ProtocolError, SerializationError, serialize, type WireErrorSource } from '@streamer/protocol';
import {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  RouterConfigError,
  RouterError,
  SyncDeadlineError,
  UnauthorizedError,
} from './errors';

const frame = (error: string): string => `{"id":"c-1","type":"error","success":false,"error":${error}}`;

const routerErrors: [string, RouterError, string][] = [
  ['InvalidRequestError', new InvalidRequestError('Payload is bad', { issues: ['a: b'] }), '{"code":"INVALID_REQUEST","message":"Payload is bad","retryable":false}'],
  ['UnauthorizedError', new UnauthorizedError(), '{"code":"UNAUTHORIZED","message":"Connection is not authenticated; reconnect with a valid token","retryable":false}'],
  ['ForbiddenError', new ForbiddenError(), '{"code":"FORBIDDEN","message":"Connection is closed; reconnect to continue","retryable":false}'],
  ['NotFoundError', new NotFoundError(), '{"code":"NOT_FOUND","message":"Request not found","retryable":false}'],
  ['RateLimitedError', new RateLimitedError(1234.5), '{"code":"RATE_LIMITED","message":"Too many requests; retry in 1234.5 ms","retryable":true,"retryAfterMs":1235}'],
  ['SyncDeadlineError', new SyncDeadlineError(250), '{"code":"TIMEOUT","message":"Request timed out after 250 ms","retryable":true}'],
  ['RouterConfigError', new RouterConfigError('syncTimeoutMs', 'must be positive'), '{"code":"INTERNAL_ERROR","message":"Internal error","retryable":true}'],
  ['RouterError (internal)', new RouterError('INTERNAL_ERROR', 'table requests-prod missing', { cause: new Error('x') }), '{"code":"INTERNAL_ERROR","message":"Internal error","retryable":true}'],
];

// Typed as the protocol's interface: this line stops compiling if HandlerError drifts from the shape.
const otherErrors: [string, WireErrorSource, string][] = [
  ['FatalError', new FatalError('recordCount must be positive', { code: 'INVALID_REQUEST' }), '{"code":"INVALID_REQUEST","message":"recordCount must be positive","retryable":false}'],
  ['FatalError (default code)', new FatalError('db down'), '{"code":"INTERNAL_ERROR","message":"db down","retryable":false}'],
  ['RetryableError', new RetryableError('busy'), '{"code":"INTERNAL_ERROR","message":"busy","retryable":true}'],
  ['InvalidMessageError', new InvalidMessageError('not-json', 'Frame is not valid JSON', 'c-9'), '{"code":"INVALID_REQUEST","message":"Frame is not valid JSON","retryable":false}'],
  ['FrameTooLargeError', new FrameTooLargeError(200_000, 131_072), '{"code":"INVALID_REQUEST","message":"Frame is 200000 bytes; the limit is 131072 bytes","retryable":false}'],
  ['SerializationError', new SerializationError('circular'), '{"code":"INTERNAL_ERROR","message":"Internal error","retryable":false}'],
];

describe('one wire-error base', () => {
  it.each([...routerErrors, ...otherErrors])('%s becomes its error frame through errorFrom and serialize', (_, err, wire) => {
    expect(serialize(errorFrom('c-1', err))).toBe(frame(wire));
  });

  it.each(routerErrors)('%s is a ProtocolError', (_, err) => {
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toBeInstanceOf(RouterError);
  });

  it('keeps the router wire view: its name, retryAfterMs as given, unexposed messages hidden', () => {
    expect(JSON.stringify(new RateLimitedError(1234.5))).toBe(
      '{"name":"RateLimitedError","code":"RATE_LIMITED","message":"Too many requests; retry in 1234.5 ms","retryable":true,"retryAfterMs":1234.5}',
    );
    expect(JSON.stringify(new RouterConfigError('syncTimeoutMs', 'must be positive'))).toBe(
      '{"name":"RouterConfigError","code":"INTERNAL_ERROR","message":"Internal error","retryable":true}',
    );
    expect(JSON.stringify(new SyncDeadlineError(250))).toBe('{"name":"SyncDeadlineError","code":"TIMEOUT","message":"Request timed out after 250 ms","retryable":true}');
  });

  it('keeps the handler wire view the processor stores: code, message, retryable', () => {
    expect(JSON.stringify(new FatalError('recordCount must be positive', { code: 'INVALID_REQUEST' }))).toBe(
      '{"code":"INVALID_REQUEST","message":"recordCount must be positive","retryable":false}',
    );
  });
});
