import { WebSocket } from 'ws';
import { StreamerClient } from './client';
import { type StreamerClientOptions } from './options';
import { TinyServer } from './test-support/tiny-server';

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

  it('pings the server and gets pongs back', async () => {
    const streamer = await connected({ heartbeatMs: 20, heartbeatTimeoutMs: 1_000 });
    const before = server.messages('ping').length;
    await waitFor(() => server.messages('ping').length >= before + 3);
    expect(streamer.state).toBe('open');
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
