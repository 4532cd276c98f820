// The `Sec-WebSocket-Protocol` handshake as API Gateway and a browser play it: the offer reaches
// $connect as sent, the $connect answer's header goes back in the 101, and a handshake whose answer
// does not echo an offered subprotocol fails (the emulator drops the socket as a browser would).
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { waitFor } from '@streamer/kernel/testing';
import { WebSocket } from 'ws';
import { type GatewayHarness, startGatewayHarness } from '../test-support/gateway-harness';

const OFFERED = ['streamer.v1', 'bearer.eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln'];
/** The header line `ws` writes for OFFERED (browsers write `, ` between values; API Gateway passes either on as it is). */
const OFFER = OFFERED.join(',');

describe('WebSocket gateway: subprotocols', () => {
  let harness: GatewayHarness;
  let answer: unknown = { statusCode: 200 };

  beforeAll(async () => {
    harness = await startGatewayHarness({ $connect: async () => answer });
  });
  afterAll(() => harness.stop());

  /** Opens a `ws` client offering `protocols`; resolves with the 101's header and the socket, or the handshake error. */
  function connect(protocols: string[]): Promise<{ ws: WebSocket; header: string | undefined } | { error: Error }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(harness.wsUrl, protocols);
      let header: string | undefined;
      ws.once('upgrade', (res) => (header = res.headers['sec-websocket-protocol'] as string | undefined));
      ws.once('open', () => resolve({ ws, header }));
      ws.once('error', (error) => resolve({ error }));
    });
  }

  const lastConnectionId = () => harness.events.$connect.at(-1)?.requestContext.connectionId ?? '';
  const disconnectOf = (id: string) => harness.events.$disconnect.find((e) => e.requestContext.connectionId === id);

  it('hands the offer to $connect in headers and multiValueHeaders, as the client sent it', async () => {
    answer = { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'streamer.v1' } };
    const opened = await connect(OFFERED);
    const event = harness.events.$connect.at(-1);
    expect(event?.headers?.['Sec-WebSocket-Protocol']).toBe(OFFER);
    expect(event?.multiValueHeaders?.['Sec-WebSocket-Protocol']).toEqual([OFFER]);
    if ('ws' in opened) opened.ws.close();
  });

  it('completes the handshake with the protocol name the answer echoed, and only that', async () => {
    answer = { statusCode: 200, headers: { 'sec-websocket-protocol': 'streamer.v1' } };
    const opened = await connect(['streamer.v1', 'bearer.token']);
    if (!('ws' in opened)) throw opened.error;
    expect(opened.header).toBe('streamer.v1');
    expect(opened.ws.protocol).toBe('streamer.v1');
    expect(harness.api.registry.get(lastConnectionId())).toBeDefined();
    opened.ws.close();
  });

  it.each([
    ['echoes nothing', { statusCode: 200 }],
    ['echoes a subprotocol the client did not offer', { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'other' } }],
    ['echoes the whole offer', { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'streamer.v1, bearer.token' } }],
  ])('fails the handshake when the answer %s, and runs $disconnect', async (_name, connectAnswer) => {
    answer = connectAnswer;
    const outcome = await connect(['streamer.v1', 'bearer.token']);
    expect(outcome).toEqual({ error: expect.any(Error) });
    const id = lastConnectionId();
    expect(harness.api.registry.get(id)).toBeUndefined();
    await waitFor(() => disconnectOf(id), '$disconnect of the failed handshake');
    expect(disconnectOf(id)?.requestContext.disconnectStatusCode).toBe(1006);
  });

  it('drops a client that does not check the answer, as a browser would fail it', async () => {
    answer = { statusCode: 200 };
    const { port } = harness;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/',
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'streamer.v1' },
      });
      req.once('upgrade', (_res, upgraded) => resolve(upgraded));
      req.once('error', reject);
      req.end();
    });
    await new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    await waitFor(() => disconnectOf(lastConnectionId()), '$disconnect of the dropped socket');
  });

  it('drops the socket when the answer selects a subprotocol although none was offered', async () => {
    answer = { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'streamer.v1' } };
    const ws = new WebSocket(harness.wsUrl);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.once('error', () => undefined);
    expect(await closed).toBe(1006);
    await waitFor(() => disconnectOf(lastConnectionId()), '$disconnect of the dropped socket');
  });
});
