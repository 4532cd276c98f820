import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { LocalStackError } from '../util/support';
import { LambdaFunction, type LambdaHandler, LambdaInvocationError } from './lambda-function';
import { loadBundleHandler } from './load-functions';

function lambda(handler: LambdaHandler, timeoutMs = 1_000): LambdaFunction {
  return new LambdaFunction({ functionName: 'streamer-local-test', handler, timeoutMs, memoryMb: 256, region: 'eu-west-1' });
}

describe('LambdaFunction', () => {
  it('gives the handler a Lambda context and resolves with its result', async () => {
    let seen: Context | undefined;
    const fn = lambda(async (event, context) => {
      seen = context;
      return { echoed: event };
    });
    await expect(fn.invoke({ a: 1 })).resolves.toEqual({ echoed: { a: 1 } });
    expect(seen).toMatchObject({
      functionName: 'streamer-local-test',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:streamer-local-test',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/streamer-local-test',
    });
    expect(seen?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(seen?.getRemainingTimeInMillis()).toBeLessThanOrEqual(1_000);
  });

  it('runs new code for invocations started after replaceHandler, while one in flight finishes on the old code', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const streams: string[] = [];
    const fn = lambda(async (_event, context) => {
      streams.push(context.logStreamName);
      await gate;
      return 'old';
    });
    const inFlight = fn.invoke({});
    fn.replaceHandler(async (_event, context) => {
      streams.push(context.logStreamName);
      return 'new';
    });
    await expect(fn.invoke({})).resolves.toBe('new');
    release();
    await expect(inFlight).resolves.toBe('old');
    // The new code runs in a new execution environment (its own log stream).
    expect(new Set(streams).size).toBe(2);
  });

  it('reports each settled invocation with its event and outcome', async () => {
    const reports: unknown[] = [];
    const fn = new LambdaFunction({ functionName: 'f', handler: async (event) => event, timeoutMs: 1_000, memoryMb: 128, region: 'eu-west-1', onInvocation: (r) => reports.push(r) });
    await fn.invoke({ a: 1 });
    fn.replaceHandler(async () => {
      throw new RangeError('bad');
    });
    await expect(fn.invoke({ b: 2 })).rejects.toThrow('bad');
    expect(reports).toEqual([
      { functionName: 'f', event: { a: 1 }, durationMs: expect.any(Number), outcome: { result: { a: 1 } } },
      { functionName: 'f', event: { b: 2 }, durationMs: expect.any(Number), outcome: { error: expect.objectContaining({ errorType: 'RangeError', errorMessage: 'bad' }) } },
    ]);
  });

  it('supports callback-style handlers', async () => {
    const fn = lambda((_event, _context, callback) => {
      setImmediate(() => callback?.(undefined, 'done'));
    });
    await expect(fn.invoke({})).resolves.toBe('done');
    const failing = lambda((_event, _context, callback) => callback?.(new RangeError('nope')));
    await expect(failing.invoke({})).rejects.toMatchObject({ errorType: 'RangeError', errorMessage: 'nope' });
  });

  it('reports a thrown error the way Lambda does', async () => {
    const fn = lambda(async () => {
      throw new TypeError('bad input');
    });
    const error = await fn.invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LambdaInvocationError);
    expect(error).toMatchObject({ functionName: 'streamer-local-test', errorType: 'TypeError', errorMessage: 'bad input' });
  });

  it('fails an invocation that outlives the timeout with Task timed out', async () => {
    const fn = lambda(() => new Promise(() => undefined), 30);
    await expect(fn.invoke({})).rejects.toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.03 seconds' });
    await fn.drain();
    expect(fn.inFlight).toBe(0);
  });

  it('drains the invocations in flight', async () => {
    let release: () => void = () => undefined;
    const fn = lambda(() => new Promise<void>((resolve) => (release = resolve)));
    const pending = fn.invoke({});
    expect(fn.inFlight).toBe(1);
    const drained = fn.drain();
    release();
    await drained;
    await pending;
    expect(fn.inFlight).toBe(0);
  });
});

describe('loadBundleHandler', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'streamer-bundle-'));

  it('loads index.handler from a CommonJS bundle', async () => {
    const file = path.join(dir, 'index.js');
    writeFileSync(file, 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });');
    const handler = loadBundleHandler(file);
    await expect(handler({ x: 1 }, {} as Context)).resolves.toEqual({ statusCode: 200, body: '{"x":1}' });
  });

  it('names the build command when a bundle is missing, and refuses a bundle without a handler', () => {
    expect(() => loadBundleHandler(path.join(dir, 'missing', 'index.js'))).toThrow(/nx run-many -t bundle/);
    const file = path.join(dir, 'nohandler.js');
    writeFileSync(file, 'exports.other = 1;');
    expect(() => loadBundleHandler(file)).toThrow(LocalStackError);
  });
});
