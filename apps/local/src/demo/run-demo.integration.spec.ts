// `npm run demo`'s main function against a whole local stack in this process, output captured.
import type { LocalStack } from '@streamer/local-stack';
import { TableReader, waitFor } from '@streamer/local-stack/testing';
import { ConfigError } from '@streamer/config';
import { workspaceRoot } from '@streamer/kernel/node';
import { createServer } from 'node:net';
import path from 'node:path';
import { runTs } from '../test-support/run-ts';
import { startWebStack } from '../test-support/web-stack';
import type { Output } from './output';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, runDemo } from './run-demo';
import { demoTarget } from './stack-address';

class Capture implements Output {
  text = '';

  constructor(
    readonly isTTY: boolean,
    readonly columns = 120,
  ) {}

  write(text: string): boolean {
    this.text += text;
    return true;
  }

  /** What a terminal would have shown, escape sequences removed (redraws follow each other). */
  get plain(): string {
    // eslint-disable-next-line no-control-regex
    return this.text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');
  }
}

let stack: LocalStack | undefined;

beforeAll(async () => {
  stack = await startWebStack();
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

function running(): LocalStack {
  if (!stack) throw new Error('The stack did not start');
  return stack;
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm run demo', () => {
  it('runs generate_report on a terminal: the bar reaches 100 % with the progress message, then the result', async () => {
    const stdout = new Capture(true);
    const stderr = new Capture(false);
    const code = await runDemo({ url: running().wsUrl, token: undefined, stdout, stderr, signal: new AbortController().signal });

    expect(stderr.text).toBe('');
    expect(code).toBe(EXIT_OK);
    const screen = stdout.plain;
    expect(screen).toContain('as demo-user (tenant dev-tenant)');
    const requestId = /Acknowledged: request (\S+) is queued/.exec(screen)?.[1];
    expect(requestId).toBeDefined();
    const shown = [...screen.matchAll(/generate_report \S+ (\d+) % \| (.*?)(?=generate_report|\n|$)/g)].map(([, value, message]) => ({ value: Number(value), message }));
    const values = shown.map((draw) => draw.value);
    expect(new Set(values).size).toBeGreaterThan(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(shown.at(-1)).toEqual({ value: 100, message: 'Uploading report…' });
    expect(shown.some((draw) => draw.message === 'Collecting records…')).toBe(true);
    const result = JSON.parse(screen.slice(screen.indexOf(`Result of request ${requestId as string}:`)).split('\n').slice(1).join('\n')) as { url: string; recordCount: number };
    expect(result.recordCount).toBe(5000);
    expect(result.url).toContain(`/dev-tenant/${requestId as string}.pdf`);
  });

  it('cancels the request on the server when interrupted, and exits with 130', async () => {
    const stdout = new Capture(false);
    const stderr = new Capture(false);
    const interrupt = new AbortController();
    const demo = runDemo({ url: running().wsUrl, token: await running().token('demo-cli', 'dev-tenant'), stdout, stderr, signal: interrupt.signal });
    const requestId = await waitFor(() => /Acknowledged: request (\S+) is queued/.exec(stdout.text)?.[1], 'the ack');
    await waitFor(() => /generate_report \S+ [1-9]\d* % \|/.test(stdout.text) || undefined, 'a progress line', 15_000);
    interrupt.abort();

    expect(await demo).toBe(EXIT_INTERRUPTED);
    expect(stderr.text).toBe(`Interrupted: request ${requestId} was cancelled on the server.\n`);
    expect(stdout.text).not.toContain('Result');
    const reader = new TableReader(running());
    try {
      await waitFor(async () => ((await reader.requestStatus(requestId)) === 'cancelled' ? true : undefined), 'the request to be cancelled');
    } finally {
      reader.close();
    }
  });

  it.each([
    ['fetching a dev token', undefined],
    ['connecting with STREAMER_TOKEN', 'any.token.value'],
  ])('says to start the stack when nothing answers (%s)', async (_case, token) => {
    const stdout = new Capture(false);
    const stderr = new Capture(false);
    const url = `ws://127.0.0.1:${await closedPort()}`;
    expect(await runDemo({ url, token, stdout, stderr, signal: new AbortController().signal })).toBe(EXIT_FAILED);
    expect(stderr.text).toBe(`No Streamer stack is answering at ${url}: start it with npm start (or point STREAMER_URL at a running one).\n`);
  });

  it('explains a refused token', async () => {
    const stderr = new Capture(false);
    const code = await runDemo({ url: running().wsUrl, token: 'not.a.token', stdout: new Capture(false), stderr, signal: new AbortController().signal });
    expect(code).toBe(EXIT_FAILED);
    expect(stderr.text).toContain('The stack refused the token (UNAUTHORIZED)');
  });
});

describe('where npm run demo looks for the stack', () => {
  it('uses PORT as npm start does, unless STREAMER_URL is set', () => {
    expect(demoTarget({})).toEqual({ url: 'ws://127.0.0.1:3001', token: undefined });
    expect(demoTarget({ PORT: '3999', STREAMER_TOKEN: ' t ' })).toEqual({ url: 'ws://127.0.0.1:3999', token: 't' });
    expect(demoTarget({ PORT: '3999', STREAMER_URL: 'ws://example.test:4000' }).url).toBe('ws://example.test:4000');
  });

  it.each(['0', 'http', '70000'])('refuses PORT=%s with an error naming PORT', (port) => {
    expect(() => demoTarget({ PORT: port })).toThrow(ConfigError);
    expect(() => demoTarget({ PORT: port })).toThrow(/^PORT /);
  });

  it('finds the stack on PORT when run as `npm run demo` runs it', async () => {
    const { code, stdout, stderr } = await runTs(path.join(workspaceRoot(__dirname), 'apps/local/src/demo.ts'), {
      STREAMER_URL: '',
      STREAMER_TOKEN: '',
      PORT: String(running().port),
    });
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_OK);
    expect(stdout).toContain(`Streamer demo on ws://127.0.0.1:${running().port} as demo-user`);
    expect(stdout).toContain('Result of request');
  });
});
