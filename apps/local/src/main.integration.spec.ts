// `npm start` and `npm run token` as a user runs them: the entry points in a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { WebSocket } from 'ws';
import { workspaceRoot } from '@streamer/kernel/node';
import { tempStateDir, waitFor } from '@streamer/local-stack/testing';

const root = workspaceRoot(__dirname);
const runTs = path.join(root, 'tools/scripts/run-ts.cjs');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started.filter((c) => c.exitCode === null && c.signalCode === null)) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
});

function run(entry: string, args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [runTs, path.join(root, 'apps/local/src', entry), ...args], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function open(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.close();
      resolve();
    });
    ws.once('error', reject);
  });
}

describe('npm start', () => {
  const stateDir = tempStateDir();
  it('prints the ready line, the web page URL and a dev token, serves, and stops cleanly on SIGTERM', async () => {
    const current = run('main.ts', [], { PORT: '0', STREAMER_STATE_DIR: stateDir, LOG_LEVEL: 'warn', POWERTOOLS_LOG_LEVEL: 'ERROR' });
    await waitFor(() => current.stdout().includes('Dev token: ') || current.child.exitCode !== null || undefined, 'the ready banner', 60_000);
    const [ready, page, token] = current.stdout().split('\n');
    const port = Number(/^Streamer local stack ready: ws:\/\/127\.0\.0\.1:(\d+)$/.exec(ready ?? '')?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(page).toBe(`Web page: http://127.0.0.1:${port}/`);
    const devToken = /^Dev token: (\S+)$/.exec(token ?? '')?.[1] as string;
    expect(devToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await open(`ws://127.0.0.1:${port}?Authorization=${devToken}`);

    const minted = run('token.ts', ['--sub', 'cli-user', '--tenant', 'cli-tenant', '--ttl', '10m'], { STREAMER_STATE_DIR: stateDir });
    expect(await minted.exited).toBe(0);
    await open(`ws://127.0.0.1:${port}?Authorization=${minted.stdout().trim()}`);
    expect(current.stdout()).toMatch(/^ {2}hot reload {4}on: /m);
    // One readable line per invocation on stdout.
    await waitFor(() => /^λ streamer-local-connect +\$connect +\d+ ms {2}status 200$/m.test(current.stdout()) || undefined, 'the $connect invocation line');

    const dynamodbPort = Number(/DynamoDB\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(current.stdout())?.[1]);
    expect(await portAccepts(dynamodbPort)).toBe(true);
    current.child.kill('SIGTERM');
    expect(await current.exited).toBe(0);
    expect(await portAccepts(port)).toBe(false);
    await waitFor(async () => ((await portAccepts(dynamodbPort)) ? undefined : true), 'DynamoDB Local to stop', 10_000);
  });

  it('refuses an invalid GATEWAY_FAULTS at start, naming it', async () => {
    const failed = run('main.ts', [], { PORT: '0', STREAMER_STATE_DIR: stateDir, GATEWAY_FAULTS: '500:lots' });
    expect(await failed.exited).toBe(1);
    expect(failed.stderr()).toContain('GATEWAY_FAULTS is invalid');
    expect(failed.stdout()).toBe('');
  });

  it('says what to do when Java is missing', async () => {
    const failed = run('main.ts', [], { PORT: '0', STREAMER_STATE_DIR: stateDir, PATH: path.join(stateDir, 'no-java-here') });
    expect(await failed.exited).toBe(1);
    expect(failed.stderr()).toContain('DynamoDB Local needs a Java 17+ runtime');
    expect(failed.stderr()).toContain('DYNAMODB_ENDPOINT');
  });
});

describe('npm run token', () => {
  it('explains its arguments when they are wrong', async () => {
    const failed = run('token.ts', ['--user', 'x'], { STREAMER_STATE_DIR: tempStateDir() });
    expect(await failed.exited).toBe(2);
    expect(failed.stderr()).toContain('usage: npm run token');
  });
});
