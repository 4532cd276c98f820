// `npm run publish`'s main function against a whole local stack in this process: a subscriber on a
// real socket gets the event, a later subscribe with `since` replays it, and mistakes get clear answers.
import type { LocalStack } from '@streamer/local-stack';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { startWebStack } from '../test-support/web-stack';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runPublish } from './publish-cli';

class Capture {
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
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

/** A socket of `sub` in `tenant`, collecting the frames it receives. */
async function open(sub: string, tenant: string): Promise<{ socket: WebSocket; frames: Record<string, unknown>[] }> {
  const origin = running().wsUrl.replace(/^ws/, 'http');
  const { token } = (await (await fetch(`${origin}/dev/token?${new URLSearchParams({ sub, tenant }).toString()}`)).json()) as { token: string };
  const socket = new WebSocket(`${running().wsUrl}?Authorization=${encodeURIComponent(token)}`);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, frames };
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function publish(argv: string[], env: Record<string, string | undefined> = { STREAMER_URL: running().wsUrl }) {
  const [stdout, stderr] = [new Capture(), new Capture()];
  const code = await runPublish({ argv, env, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('npm run publish', () => {
  it('publishes a topic event to the subscribers of the tenant, and a later subscribe with since replays it', async () => {
    const mine = await open('u1', 'pub-t1');
    const other = await open('u2', 'pub-t2');
    try {
      for (const { socket } of [mine, other]) socket.send(JSON.stringify({ id: 's-1', action: 'subscribe', payload: { topic: 'news' } }));
      for (const { frames } of [mine, other]) {
        expect(await until(() => frames.find((f) => f['id'] === 's-1'), 'the subscribe result')).toMatchObject({ data: { topic: 'news', subscribed: true, seq: 0 } });
      }
      const done = await publish(['--tenant', 'pub-t1', '--topic', 'news', '{"headline":"hello"}']);
      expect(done).toEqual({ code: EXIT_OK, stdout: '{"sent":1,"gone":0,"failed":0,"seq":1}\n', stderr: '' });
      const event = await until(() => mine.frames.find((f) => f['type'] === 'event'), 'the event');
      expect(event).toEqual({ type: 'event', topic: 'news', seq: 1, publishedAt: expect.any(Number), data: { headline: 'hello' } });
      expect(other.frames.filter((f) => f['type'] === 'event')).toEqual([]);

      const late = await open('u1', 'pub-t1');
      try {
        late.socket.send(JSON.stringify({ id: 's-2', action: 'subscribe', payload: { topic: 'news', since: 0 } }));
        await until(() => late.frames.find((f) => f['id'] === 's-2'), 'the replaying subscribe');
        expect(late.frames).toEqual([event, { id: 's-2', type: 'result', success: true, data: { topic: 'news', subscribed: true, seq: 1 } }]);
      } finally {
        late.socket.close();
      }
    } finally {
      mine.socket.close();
      other.socket.close();
    }
  });

  it('pushes to a user of the tenant, without a seq', async () => {
    const user = await open('u9', 'pub-t3');
    try {
      expect(await publish(['--tenant', 'pub-t3', '--user', 'u9', '42'])).toMatchObject({ code: EXIT_OK, stdout: '{"sent":1,"gone":0,"failed":0}\n' });
      expect(await until(() => user.frames.find((f) => f['type'] === 'event'), 'the push')).toEqual({ type: 'event', topic: '@user', data: 42 });
    } finally {
      user.socket.close();
    }
  });

  it('answers bad arguments with the usage and exit code 2, and what the admin refuses with its message', async () => {
    const mistakes = [['--topic', 'news', '1'], ['--tenant', 't', '1'], ['--tenant', 't', '--topic', 'news', 'not json'], ['--tenant', 't', '--topic', 'n', '--user', 'u', '1']];
    for (const argv of mistakes) {
      const answer = await publish(argv);
      expect(answer.code).toBe(EXIT_USAGE);
      expect(answer.stderr).toContain('Usage: npm run publish');
    }
    const refused = await publish(['--tenant', 't', '--topic', 'has space', '1']);
    expect(refused.code).toBe(EXIT_FAILED);
    expect(refused.stderr).toMatch(/^Publish refused: topic must match/);
  });

  it('says so when no stack is running', async () => {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const answer = await publish(['--tenant', 't', '--topic', 'news', '1'], { PORT: String(port) });
    expect(answer).toEqual({
      code: EXIT_FAILED,
      stdout: '',
      stderr: `No local stack answers at http://127.0.0.1:${port}: start one with \`npm start\` (or set STREAMER_URL / PORT).\n`,
    });
  });
});
