import { RetryableError, runsAsync, validatePayload } from '@streamer/handler-api';
import { echo, flaky, flakySchema } from './examples';
import { testContext, testRequest } from './test-support/test-context';

describe('echo', () => {
  it('answers synchronously with the payload', async () => {
    const request = testRequest('echo', { text: 'hello', nested: { n: 1 } });
    expect(runsAsync(echo, request)).toBe(false);
    await expect(Promise.resolve(echo.process?.(request, testContext()))).resolves.toEqual({ text: 'hello', nested: { n: 1 } });
  });
});

describe('flaky', () => {
  it('fails retryably for the first `failures` attempts, then succeeds', async () => {
    const request = testRequest('flaky', { failures: 2 });
    expect(runsAsync(flaky, request)).toBe(true);

    await expect(flaky.processAsync?.(request, testContext(1))).rejects.toThrow(new RetryableError('Flaky failure 1 of 2'));
    await expect(flaky.processAsync?.(request, testContext(2))).rejects.toThrow(RetryableError);
    await expect(flaky.processAsync?.(request, testContext(3))).resolves.toEqual({ attempts: 3 });
  });

  it('fails once by default and refuses nonsense counts', async () => {
    await expect(validatePayload(flakySchema, {})).resolves.toEqual({ ok: true, value: { failures: 1 } });
    expect((await validatePayload(flakySchema, { failures: -1 })).ok).toBe(false);
    expect((await validatePayload(flakySchema, { failures: 'many' })).ok).toBe(false);
  });
});
