import { MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { WebSocket } from 'ws';
import { StreamerClient } from './client';
import { type StreamerClientOptions } from './options';
import { TinyServer } from './test-support/tiny-server';
import { type WebSocketLike } from './connection';

/** Integration: the real client over real sockets (ws on 127.0.0.1) against a tiny protocol server. */
let server: TinyServer;
let url: string;
const clients: StreamerClient[] = [];

beforeAll(async () => {
  server = new TinyServer();
  url = await server.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await server.stop();
});

function client(options: Partial<StreamerClientOptions> = {}): StreamerClient {
  const created = new StreamerClient(url, { token: 'good', WebSocket, reconnect: { baseMs: 10, capMs: 50 }, ...options });
  clients.push(created);
  return created;
}

async function connected(options: Partial<StreamerClientOptions> = {}): Promise<StreamerClient> {
  const created = client(options);
  await created.connect();
  return created;
}

/** Resolves on the next `name` event of `target`. */
function next<K extends 'open' | 'reconnect' | 'close'>(target: StreamerClient, name: K): Promise<void> {
  return new Promise((resolve) => {
    const off = target.on(name, () => {
      off();
      resolve();
    });
  });
}

describe('StreamerClient over a real WebSocket (ws)', () => {
  it('is refused with UNAUTHORIZED when the server answers the handshake with 401', async () => {
    const refused = client({ token: 'bad' });
    await expect(refused.connect()).rejects.toMatchObject({ name: 'StreamerError', code: 'UNAUTHORIZED', retryable: false });
    expect(refused.state).toBe('closed');
  });

  it('echoes a payload', async () => {
    const streamer = await connected();
    await expect(streamer.request('echo', { text: 'hello' })).resolves.toEqual({ text: 'hello' });
  });

  it('streams monotonic progress then resolves with the result', async () => {
    const streamer = await connected();
    const seen: number[] = [];
    const data = await streamer.request('report', { steps: 4 }, { onProgress: (p) => seen.push(p) });
    expect(data).toEqual({ steps: 4 });
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('rejects with the server’s typed error', async () => {
    const streamer = await connected();
    await expect(streamer.request('fail', { recordCount: -1 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'recordCount must be positive',
      retryable: false,
    });
  });

  it('resumes through status after the server drops the socket mid-request', async () => {
    const streamer = await connected({ statusPollMs: 25 });
    const reconnected = next(streamer, 'reconnect');
    const data = await streamer.request('report', { steps: 3, stepMs: 20, dropAfterAck: true });
    await reconnected;
    expect(data).toEqual({ steps: 3 });
    const sent = server.messages('report').filter((m) => (m.payload as { dropAfterAck?: boolean }).dropAfterAck);
    expect(sent).toHaveLength(1);
    expect(server.messages('status').at(-1)?.payload).toEqual({ requestId: expect.stringMatching(/^r-\d+$/) });
  });

  it('re-sends an unacknowledged request with the same id after the socket drops', async () => {
    const streamer = await connected();
    await expect(streamer.request('drop_before_ack')).resolves.toEqual({ attempt: 2 });
    const [first, second] = server.messages('drop_before_ack').slice(-2);
    expect(second?.id).toBe(first?.id);
  });

  it('sends cancel when the signal aborts and rejects with CANCELLED', async () => {
    const streamer = await connected();
    const controller = new AbortController();
    const running = streamer.request('report', { steps: 100, stepMs: 20 }, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    await waitFor(() => server.messages('cancel').length > 0);
    const requestId = (server.messages('cancel').at(-1)?.payload as { requestId: string }).requestId;
    const status = await streamer.request('status', { requestId });
    expect(status).toMatchObject({ requestId, status: 'cancelled' });
  });

  it('receives topic events and gets them again after a reconnect', async () => {
    const streamer = await connected();
    const received: unknown[] = [];
    streamer.subscribe('news', (data) => received.push(data));
    await waitFor(() => server.messages('subscribe').length >= 1);
    server.publish('news', 1);
    await waitFor(() => received.length === 1);
    const reconnected = next(streamer, 'reconnect');
    const before = server.messages('subscribe').length;
    server.dropAll();
    await reconnected;
    await waitFor(() => server.messages('subscribe').length > before);
    server.publish('news', 2);
    await waitFor(() => received.length === 2);
    expect(received).toEqual([1, 2]);
  });

  it('replays the topic events published while it was disconnected, once each and in order', async () => {
    const streamer = await connected();
    const received: [unknown, number | undefined][] = [];
    streamer.subscribe('scores', (data, meta) => received.push([data, meta.seq]));
    await waitFor(() => server.messages('subscribe').some((m) => (m.payload as { topic: string }).topic === 'scores'));
    server.publish('scores', 'a');
    await waitFor(() => received.length === 1);
    const reconnected = next(streamer, 'reconnect');
    server.dropAll();
    server.publish('scores', 'b');
    server.publish('scores', 'c');
    await reconnected;
    await waitFor(() => received.length === 3);
    server.publish('scores', 'd');
    await waitFor(() => received.length === 4);
    expect(received).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    expect(server.messages('subscribe').filter((m) => (m.payload as { topic: string }).topic === 'scores').at(-1)?.payload).toEqual({ topic: 'scores', since: 1 });
  });

  it('pings the server and gets pongs back', async () => {
    const streamer = await connected({ heartbeatMs: 20, heartbeatTimeoutMs: 1_000 });
    const before = server.messages('ping').length;
    await waitFor(() => server.messages('ping').length >= before + 3);
    expect(streamer.state).toBe('open');
  });
});

/** `ws`'s WebSocket, recording the size (UTF-8 bytes) and `fin` of every frame the client hands it. */
class RecordingWebSocket extends WebSocket {
  static readonly frames: { bytes: number; fin: boolean }[] = [];

  override send(data: unknown, options?: unknown): void {
    const fin = (options as { fin?: boolean } | undefined)?.fin ?? true;
    RecordingWebSocket.frames.push({ bytes: Buffer.byteLength(data as string), fin });
    super.send(data as string, { fin });
  }
}

/** A browser-like WebSocket over `ws`: the standard interface only, so `send` sends whole messages. */
class BrowserLikeWebSocket implements WebSocketLike {
  private readonly inner: WebSocket;

  constructor(url: string, protocols?: string | string[]) {
    this.inner = new WebSocket(url, protocols);
  }

  get readyState(): number {
    return this.inner.readyState;
  }

  send(data: string): void {
    this.inner.send(data);
  }

  close(code?: number, reason?: string): void {
    this.inner.close(code, reason);
  }

  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void {
    this.inner.addEventListener(type, listener as never);
  }
}

describe('StreamerClient and API Gateway\'s 32 KiB frame limit, over real sockets', () => {
  beforeEach(() => (RecordingWebSocket.frames.length = 0));

  it('sends a 100 KiB request with ws as fragments of at most 32 KiB, which the server reads as one message', async () => {
    const streamer = await connected({ WebSocket: RecordingWebSocket });
    const payload = { text: 'é'.repeat(50 * 1024) };
    await expect(streamer.request('echo', payload)).resolves.toEqual(payload);
    const request = RecordingWebSocket.frames.filter((f) => f.bytes > 1_000);
    expect(request.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...request.map((f) => f.bytes))).toBeLessThanOrEqual(MAX_CLIENT_FRAME_BYTES);
    expect(request.map((f) => f.fin)).toEqual([...request.slice(1).map(() => false), true]);
  });

  it('re-sends an unacknowledged large request in fragments again after a reconnect', async () => {
    const streamer = await connected({ WebSocket: RecordingWebSocket });
    await expect(streamer.request('drop_before_ack', { pad: 'x'.repeat(60 * 1024) })).resolves.toEqual({ attempt: 2 });
    const [first, second] = server.messages('drop_before_ack').slice(-2);
    expect(second?.id).toBe(first?.id);
    const request = RecordingWebSocket.frames.filter((f) => f.bytes > 1_000);
    expect(request.map((f) => f.fin)).toEqual([false, true, false, true]);
    expect(Math.max(...request.map((f) => f.bytes))).toBeLessThanOrEqual(MAX_CLIENT_FRAME_BYTES);
  });

  it('refuses a request over 32 KiB before sending on a WebSocket that cannot fragment, and the socket stays open', async () => {
    const streamer = await connected({ WebSocket: BrowserLikeWebSocket });
    const before = server.received.length;
    const refused = streamer.request('echo', { text: 'x'.repeat(40 * 1024) });
    await expect(refused).rejects.toMatchObject({ name: 'StreamerError', code: 'FRAME_TOO_LARGE', retryable: false });
    await expect(refused).rejects.toThrow(String(MAX_CLIENT_FRAME_BYTES));
    await expect(streamer.request('echo', { text: 'x'.repeat(30 * 1024) })).resolves.toEqual({ text: 'x'.repeat(30 * 1024) });
    expect(server.received.slice(before).map((m) => m.action)).toEqual(['echo']);
    expect(streamer.state).toBe('open');
  });

  it.each([
    ['ws', RecordingWebSocket],
    ['a WebSocket that cannot fragment', BrowserLikeWebSocket],
  ])('refuses a request over 128 KiB before sending, with %s', async (_name, WebSocketImpl) => {
    const streamer = await connected({ WebSocket: WebSocketImpl });
    const before = server.received.length;
    await expect(streamer.request('echo', { text: 'x'.repeat(MAX_MESSAGE_BYTES) })).rejects.toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(RecordingWebSocket.frames).toEqual([]);
    await expect(streamer.request('echo', {})).resolves.toEqual({});
    expect(server.received.length).toBe(before + 1);
  });
});

/** Polls `condition` on real timers (integration only; unit tests use fake timers). */
async function waitFor(condition: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('Condition not met');
}
