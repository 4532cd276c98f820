import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FreezeCheck, type FreezeCheckMode } from './freeze-check';
import { LambdaFunction, type LambdaHandler, PendingWorkError } from './lambda-function';

interface LogLine {
  message: string;
  fields?: Record<string, unknown>;
}

/** A 127.0.0.1 server that answers `/` at once, `/close` at once with `Connection: close`, and holds `/held` until `releaseHeld()`. */
async function startServer(): Promise<{ url: string; releaseHeld: () => void; close: () => Promise<void> }> {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/held') held.push(res);
    else if (req.url === '/close') res.setHeader('Connection', 'close').end('ok');
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    releaseHeld: () => held.splice(0).forEach((res) => res.end('late')),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function get(url: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('the freeze check of the local Lambda runtime', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let agent: http.Agent;
  let check: FreezeCheck;
  let warnings: LogLine[];
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true });
    warnings = [];
  });

  afterEach(() => {
    timers.splice(0).forEach(clearTimeout);
    server.releaseHeld();
    agent.destroy();
    check.close();
  });

  function lambda(handler: LambdaHandler, mode: FreezeCheckMode = 'strict'): LambdaFunction {
    const logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }) };
    check = new FreezeCheck({ mode, logger });
    return new LambdaFunction({ functionName: 'streamer-local-test', handler, timeoutMs: 5_000, memoryMb: 256, region: 'eu-west-1', freezeCheck: check });
  }

  it('fails an invocation that returns with a timer still set, naming where it was created (strict)', async () => {
    const fn = lambda(async () => {
      timers.push(setTimeout(() => undefined, 60_000));
      return 'done';
    });
    const error = await fn.invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PendingWorkError);
    expect(error).toMatchObject({ functionName: 'streamer-local-test', errorType: 'Local.PendingWorkAfterReturn' });
    expect((error as PendingWorkError).pending).toEqual([{ type: 'Timeout', createdAt: expect.stringContaining('freeze-check.integration.spec.ts') }]);
    expect(warnings).toEqual([
      { message: expect.stringMatching(/work still pending/), fields: expect.objectContaining({ functionName: 'streamer-local-test', awsRequestId: (error as PendingWorkError).awsRequestId, pending: expect.stringMatching(/^Timeout ×1/) }) },
    ]);
    expect(check.snapshot()).toEqual({
      invocationsWithPendingWork: 1,
      pendingByType: { Timeout: 1 },
      examples: [expect.stringMatching(new RegExp(`^streamer-local-test ${(error as PendingWorkError).awsRequestId}: Timeout ×1 \\(at .*freeze-check\\.integration\\.spec\\.ts`))],
    });
  });

  it('reports an HTTP request still in flight to a 127.0.0.1 server', async () => {
    const fn = lambda(async () => {
      void get(`${server.url}/held`, agent).catch(() => undefined);
      return 'done';
    });
    const host = new URL(server.url).host;
    await expect(fn.invoke({})).rejects.toMatchObject({ pending: [expect.objectContaining({ type: 'HTTPCLIENTREQUEST', target: `GET ${host}/held` })] });
  });

  it('only warns, and keeps the result, when not strict', async () => {
    const fn = lambda(async () => {
      timers.push(setTimeout(() => undefined, 60_000));
      return 'done';
    }, 'warn');
    await expect(fn.invoke({})).resolves.toBe('done');
    expect(warnings).toHaveLength(1);
    expect(check.snapshot().invocationsWithPendingWork).toBe(1);
  });

  it('passes a handler that awaits its timers, requests and file reads, clears or unrefs the rest', async () => {
    const fn = lambda(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await get(server.url, agent);
      await readFile(__filename);
      clearTimeout(setTimeout(() => undefined, 60_000));
      timers.push(setTimeout(() => undefined, 60_000).unref());
      return 'done';
    });
    await expect(fn.invoke({})).resolves.toBe('done');
    expect(warnings).toEqual([]);
  });

  it('does not count a request whose response has ended while its socket is still closing (Connection: close)', async () => {
    // Node marks such a request destroyed only when the socket's close callback runs, a loop phase
    // after the handler's return; the handler has its whole answer by then.
    const fn = lambda(async () => get(`${server.url}/close`, agent));
    await expect(fn.invoke({})).resolves.toBe('ok');
    await expect(fn.invoke({})).resolves.toBe('ok');
    expect(warnings).toEqual([]);
  });

  it('does not count an idle keep-alive socket, in the invocation that opened it or one that reuses it', async () => {
    const fn = lambda(async () => get(server.url, agent));
    await expect(fn.invoke({})).resolves.toBe('ok');
    await expect(fn.invoke({})).resolves.toBe('ok');
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('attributes work to the invocation that started it when invocations run concurrently', async () => {
    const fn = lambda(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if ((event as { leak: boolean }).leak) timers.push(setTimeout(() => undefined, 60_000));
      await new Promise((resolve) => setTimeout(resolve, 1));
      return 'done';
    });
    const outcomes = await Promise.allSettled([fn.invoke({ leak: false }), fn.invoke({ leak: true }), fn.invoke({ leak: false })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(check.snapshot().pendingByType).toEqual({ Timeout: 1 });
  });

  it("leaves out what the runtime starts through outside(), and attributes to the invocation again right after", async () => {
    const fn = lambda(async () => {
      check.outside(() => timers.push(setTimeout(() => undefined, 60_000)));
      await Promise.resolve();
      timers.push(setTimeout(() => undefined, 60_000));
      return 'done';
    });
    const error = await fn.invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PendingWorkError);
    expect((error as PendingWorkError).pending).toHaveLength(1);
  });

  it('keeps the error of a handler that failed', async () => {
    const fn = lambda(async () => {
      timers.push(setTimeout(() => undefined, 60_000));
      throw new RangeError('nope');
    });
    await expect(fn.invoke({})).rejects.toMatchObject({ errorType: 'RangeError' });
    expect(warnings).toHaveLength(1);
  });
});
