import { z } from 'zod';
import { FatalError, HandlerRegistrationError, HandlerRegistry, RetryableError, runsAsync, stopGraceMs, validatePayload } from './index';
import type { Handler, HandlerRequest } from './index';

const request = (payload: Record<string, unknown>): HandlerRequest => ({
  id: 'c-1',
  requestId: 'r-1',
  action: 'report',
  payload,
  connectionId: 'conn-1',
  userId: 'u1',
  tenantId: 't1',
});

describe('HandlerRegistry', () => {
  it('registers and finds handlers by action', () => {
    const echo: Handler = { process: (req) => req.payload };
    const registry = new HandlerRegistry().register('echo', echo);
    expect(registry.get('echo')).toBe(echo);
    expect(registry.get('missing')).toBeUndefined();
    expect(registry.actions()).toEqual(['echo']);
  });

  it.each([
    ['a built-in name', 'ping', { process: () => 1 }, /built-in/],
    ['an invalid name', 'has space', { process: () => 1 }, /Invalid action name/],
    ['a handler without process functions', 'noop', {}, /needs process\(\) or processAsync\(\)/],
  ])('refuses %s', (_label, action, handler, message) => {
    expect(() => new HandlerRegistry().register(action, handler as Handler)).toThrow(message);
    expect(() => new HandlerRegistry().register(action, handler as Handler)).toThrow(HandlerRegistrationError);
  });

  it('refuses a duplicate registration', () => {
    const registry = new HandlerRegistry().register('echo', { process: () => 1 });
    expect(() => registry.register('echo', { process: () => 2 })).toThrow(/already registered/);
  });
});

describe('stopGraceMs', () => {
  it('gives a handler at most 1 s and half the deadline margin to stop', () => {
    expect(stopGraceMs(1_000)).toBe(500);
    expect(stopGraceMs(5_000)).toBe(1_000);
    expect(stopGraceMs(0)).toBe(0);
  });
});

describe('runsAsync', () => {
  const both: Handler = {
    shouldQueue: (req) => Number(req.payload['recordCount']) > 1000,
    process: () => 'sync',
    processAsync: async () => 'async',
  };

  it('lets shouldQueue decide when a handler has both modes', () => {
    expect(runsAsync(both, request({ recordCount: 5000 }))).toBe(true);
    expect(runsAsync(both, request({ recordCount: 10 }))).toBe(false);
  });

  it('follows the only mode a handler has', () => {
    expect(runsAsync({ process: () => 1 }, request({}))).toBe(false);
    expect(runsAsync({ processAsync: async () => 1 }, request({}))).toBe(true);
    expect(runsAsync({ process: () => 1, processAsync: async () => 1 }, request({}))).toBe(true);
  });
});

describe('handler errors', () => {
  it('marks retryable and fatal failures and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const retry = new RetryableError('upstream busy', { cause });
    const fatal = new FatalError('recordCount must be positive', { code: 'INVALID_REQUEST' });
    expect(retry).toMatchObject({ name: 'RetryableError', retryable: true, code: 'INTERNAL_ERROR', cause });
    expect(fatal.toJSON()).toEqual({ code: 'INVALID_REQUEST', message: 'recordCount must be positive', retryable: false });
  });
});

describe('validatePayload', () => {
  const schema = z.object({ recordCount: z.number().int().positive() });

  it('returns the parsed value', async () => {
    await expect(validatePayload(schema, { recordCount: 5 })).resolves.toEqual({ ok: true, value: { recordCount: 5 } });
  });

  it('returns issues with their paths', async () => {
    const outcome = await validatePayload(schema, { recordCount: -1 });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.issues).toEqual([expect.stringMatching(/^recordCount: /)]);
  });
});
