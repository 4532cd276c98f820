import { WebSocket } from 'ws';
import { MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { type GatewayHarness, GOOD_TOKEN, startGatewayHarness } from '../test-support/gateway-harness';
import { openSocket, refusedStatus } from '../test-support/sockets';
import { waitFor } from '@streamer/kernel/testing';

const GATEWAY_ID = /^[A-Za-z0-9_-]{15}=$/;

describe('WebSocket gateway', () => {
  let harness: GatewayHarness;
  let failNextMessage = false;

  beforeAll(async () => {
    harness = await startGatewayHarness({
      $default: async () => {
        if (failNextMessage) throw new Error('handler crashed');
        return { statusCode: 200 };
      },
    });
  });
  afterAll(() => harness.stop());

  const url = (token = GOOD_TOKEN, path = '/') => `${harness.wsUrl}${path}?Authorization=${token}&lang=en&lang=fr`;
  const eventsOf = (connectionId: string | undefined) => harness.events.$default.filter((e) => e.requestContext.connectionId === connectionId);

  describe('$connect', () => {
    it('accepts a 2xx answer and passes a real-shaped CONNECT event', async () => {
      const socket = await openSocket(url());
      const event = harness.events.$connect.at(-1);
      expect(event?.requestContext).toMatchObject({
        routeKey: '$connect',
        eventType: 'CONNECT',
        messageDirection: 'IN',
        stage: 'local',
        domainName: `127.0.0.1:${harness.port}`,
        identity: { sourceIp: '127.0.0.1', userAgent: 'streamer-local-test' },
      });
      expect(event?.requestContext.connectionId).toMatch(GATEWAY_ID);
      expect(event?.requestContext.requestId).toMatch(GATEWAY_ID);
      expect(event?.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(event?.queryStringParameters).toEqual({ Authorization: GOOD_TOKEN, lang: 'fr' });
      expect(event?.multiValueQueryStringParameters).toEqual({ Authorization: [GOOD_TOKEN], lang: ['en', 'fr'] });
      expect(event?.headers).toMatchObject({ Host: `127.0.0.1:${harness.port}`, 'User-Agent': 'streamer-local-test', 'X-Forwarded-For': '127.0.0.1' });
      expect(event?.headers?.['Sec-WebSocket-Key']).toBeDefined();
      expect(harness.api.registry.get(event?.requestContext.connectionId ?? '')).toBeDefined();
      socket.ws.close();
    });

    it('refuses the handshake with the status $connect answered, registering nothing', async () => {
      const attempts = harness.events.$connect.length;
      await expect(refusedStatus(url('bad-token'))).resolves.toBe(401);
      await expect(refusedStatus(`${harness.wsUrl}/`)).resolves.toBe(401);
      const refused = harness.events.$connect.slice(attempts).map((e) => e.requestContext.connectionId);
      expect(refused).toHaveLength(2);
      for (const id of refused) expect(harness.api.registry.get(id)).toBeUndefined();
      expect(harness.events.$disconnect.filter((e) => refused.includes(e.requestContext.connectionId))).toEqual([]);
    });

    it('accepts the stage path and refuses unknown paths with 404', async () => {
      const socket = await openSocket(url(GOOD_TOKEN, '/local'));
      socket.ws.close();
      await expect(refusedStatus(url(GOOD_TOKEN, '/elsewhere'))).resolves.toBe(404);
    });
  });

  describe('$default', () => {
    it('passes a text message as the body', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId;
      socket.ws.send('{"id":"c-1","action":"echo"}');
      const text = await waitFor(() => eventsOf(connectionId)[0], 'the $default event');
      expect(text).toMatchObject({ body: '{"id":"c-1","action":"echo"}', isBase64Encoded: false, requestContext: { routeKey: '$default', eventType: 'MESSAGE' } });
      expect(text?.requestContext.messageId).toMatch(GATEWAY_ID);
      socket.ws.close();
    });

    it('closes the socket with 1003 on a binary frame and routes nothing, as API Gateway does', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId;
      socket.ws.send(Buffer.from('{"id":"c-1","action":"echo"}'), { binary: true });
      await expect(socket.closed).resolves.toMatchObject({ code: 1003 });
      const gone = await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
      expect(gone.requestContext.disconnectStatusCode).toBe(1003);
      expect(eventsOf(connectionId)).toEqual([]);
    });

    it('tells the client when the integration fails, as API Gateway does', async () => {
      const socket = await openSocket(url());
      failNextMessage = true;
      socket.ws.send('hello');
      const frame = await socket.next((f) => f.text.includes('Internal server error'), 'the integration error message');
      failNextMessage = false;
      const body = JSON.parse(frame.text) as Record<string, unknown>;
      expect(body).toEqual({ message: 'Internal server error', connectionId: expect.stringMatching(GATEWAY_ID), requestId: expect.stringMatching(GATEWAY_ID) });
      socket.ws.close();
    });

    it('takes a 32 KiB frame and closes the socket with 1009 on a single 40 KiB frame', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId;
      socket.ws.send('a'.repeat(MAX_CLIENT_FRAME_BYTES));
      await waitFor(() => eventsOf(connectionId).find((e) => e.body?.length === MAX_CLIENT_FRAME_BYTES), 'the 32 KiB frame');
      socket.ws.send('b'.repeat(40 * 1024));
      await expect(socket.closed).resolves.toMatchObject({ code: 1009 });
      const gone = await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
      expect(gone.requestContext.disconnectStatusCode).toBe(1009);
      expect(eventsOf(connectionId).map((e) => e.body?.length)).toEqual([MAX_CLIENT_FRAME_BYTES]);
    });

    it('takes a 100 KiB message sent in 4 fragments as one message', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId;
      const message = 'c'.repeat(100 * 1024);
      sendFragments(socket.ws, message, 4);
      const event = await waitFor(() => eventsOf(connectionId)[0], 'the fragmented message');
      expect(event.body).toBe(message);
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
      socket.ws.close();
    });

    it('takes a 128 KiB message in 32 KiB fragments and closes the socket with 1009 on a larger one', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId;
      sendFragments(socket.ws, 'x'.repeat(MAX_MESSAGE_BYTES), 4);
      await waitFor(() => eventsOf(connectionId).find((e) => e.body?.length === MAX_MESSAGE_BYTES), 'the 128 KiB message');
      sendFragments(socket.ws, 'y'.repeat(MAX_MESSAGE_BYTES + 4), 5);
      await expect(socket.closed).resolves.toMatchObject({ code: 1009 });
      const gone = await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
      expect(gone.requestContext.disconnectStatusCode).toBe(1009);
      expect(eventsOf(connectionId)).toHaveLength(1);
    });
  });

  describe('$disconnect', () => {
    it('runs when the client closes, with its code and reason', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId as string;
      socket.ws.close(4000, 'bye');
      const event = await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
      expect(event.requestContext).toMatchObject({ routeKey: '$disconnect', eventType: 'DISCONNECT', disconnectStatusCode: 4000, disconnectReason: 'bye' });
      expect(harness.api.registry.get(connectionId)).toBeUndefined();
    });

    it('runs when the TCP connection just drops', async () => {
      const socket = await openSocket(url());
      const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId as string;
      socket.ws.terminate();
      const event = await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
      expect(event.requestContext.disconnectStatusCode).toBe(1006);
    });
  });
});

describe('WebSocket gateway limits', () => {
  let harness: GatewayHarness;

  afterEach(() => harness.stop());

  it('closes an idle connection with 1001 Going away', async () => {
    harness = await startGatewayHarness({ idleTimeoutMs: 300 });
    const socket = await openSocket(`${harness.wsUrl}?Authorization=${GOOD_TOKEN}`);
    await expect(socket.closed).resolves.toEqual({ code: 1001, reason: 'Going away' });
    const event = await waitFor(() => harness.events.$disconnect[0], '$disconnect');
    expect(event.requestContext.disconnectStatusCode).toBe(1001);
  });

  it('closes a connection at its maximum age with 1001, however active it is', async () => {
    harness = await startGatewayHarness({ maxConnectionMs: 500 });
    const socket = await openSocket(`${harness.wsUrl}?Authorization=${GOOD_TOKEN}`);
    const chatter = setInterval(() => socket.ws.readyState === WebSocket.OPEN && socket.ws.send('still here'), 50);
    try {
      await expect(socket.closed).resolves.toEqual({ code: 1001, reason: 'Going away' });
    } finally {
      clearInterval(chatter);
    }
    expect(harness.events.$default.length).toBeGreaterThan(0);
  });
});

/** Sends `text` as one message split into `count` text frames of (nearly) equal size. */
function sendFragments(ws: WebSocket, text: string, count: number): void {
  const size = Math.ceil(text.length / count);
  for (let i = 0; i < count; i += 1) ws.send(text.slice(i * size, (i + 1) * size), { fin: i === count - 1 });
}
