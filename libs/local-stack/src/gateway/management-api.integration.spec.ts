import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { GatewayError } from '@streamer/connection-manager';
import { SignedHttpGateway } from '@streamer/connection-manager/gateway';
import { MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { type GatewayHarness, GOOD_TOKEN, startGatewayHarness } from '../test-support/gateway-harness';
import { openSocket, type TestSocket } from '../test-support/sockets';
import { waitFor } from '@streamer/kernel/testing';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('management API', () => {
  let harness: GatewayHarness;
  let sdk: ApiGatewayManagementApiClient;

  beforeAll(async () => {
    harness = await startGatewayHarness();
    sdk = new ApiGatewayManagementApiClient({ endpoint: harness.httpUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    sdk.destroy();
    await harness.stop();
  });

  async function connect(): Promise<{ socket: TestSocket; connectionId: string }> {
    const socket = await openSocket(`${harness.wsUrl}?Authorization=${GOOD_TOKEN}`);
    const connectionId = harness.events.$connect.at(-1)?.requestContext.connectionId as string;
    return { socket, connectionId };
  }

  it('POST delivers the body to the socket as one text frame, byte for byte (real SDK client)', async () => {
    const { socket, connectionId } = await connect();
    const text = '{"type":"pong","note":"déjà vu ✓ 😀"}';
    const reply = await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(text) }));
    expect(reply.$metadata.httpStatusCode).toBe(200);
    const frame = await socket.next((f) => f.text === text, 'the posted frame');
    expect(frame.isBinary).toBe(false);
    socket.ws.close();
  });

  it('GET describes the connection the way AWS does', async () => {
    const { socket, connectionId } = await connect();
    socket.ws.send('activity');
    await waitFor(() => harness.events.$default.find((e) => e.requestContext.connectionId === connectionId), 'the message');
    const info = await sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(info.ConnectedAt?.getTime() ?? Infinity);
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'streamer-local-test' });
    socket.ws.close();
  });

  it('DELETE closes the socket (204) and $disconnect runs; the id is gone afterwards', async () => {
    const { socket, connectionId } = await connect();
    const reply = await sdk.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(reply.$metadata.httpStatusCode).toBe(204);
    await expect(socket.closed).resolves.toMatchObject({ code: 1000 });
    await waitFor(() => harness.events.$disconnect.find((e) => e.requestContext.connectionId === connectionId), '$disconnect');
    await expect(sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toMatchObject({
      name: 'GoneException',
      $metadata: { httpStatusCode: 410 },
    });
  });

  it('answers 410 GoneException for unknown ids on every method', async () => {
    const ConnectionId = 'NoSuchConn0000=';
    for (const command of [new PostToConnectionCommand({ ConnectionId, Data: Buffer.from('x') }), new GetConnectionCommand({ ConnectionId }), new DeleteConnectionCommand({ ConnectionId })]) {
      await expect(sdk.send(command as PostToConnectionCommand)).rejects.toMatchObject({ name: 'GoneException', $metadata: { httpStatusCode: 410 } });
    }
    const raw = await fetch(`${harness.httpUrl}/@connections/${encodeURIComponent(ConnectionId)}`, { method: 'POST', body: 'x' });
    expect(raw.status).toBe(410);
    expect(raw.headers.get('x-amzn-errortype')).toBe('GoneException');
    expect(await raw.json()).toEqual({ message: expect.any(String) });
  });

  it('answers 413 PayloadTooLargeException above 128 KiB and takes exactly 128 KiB', async () => {
    const { socket, connectionId } = await connect();
    await expect(sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.alloc(MAX_MESSAGE_BYTES + 1, 120) }))).rejects.toMatchObject({
      name: 'PayloadTooLargeException',
      $metadata: { httpStatusCode: 413 },
    });
    await sdk.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.alloc(MAX_MESSAGE_BYTES, 120) }));
    await socket.next((f) => f.text.length === MAX_MESSAGE_BYTES, 'the 128 KiB frame');
    socket.ws.close();
  });

  it('answers 400 for an empty body or one that is not UTF-8', async () => {
    const { socket, connectionId } = await connect();
    const path = `${harness.httpUrl}/@connections/${encodeURIComponent(connectionId)}`;
    for (const body of [new Uint8Array(0), new Uint8Array([0xff, 0xfe, 0xfd])]) {
      const answer = await fetch(path, { method: 'POST', body });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    }
    expect(socket.frames).toEqual([]);
    socket.ws.close();
  });

  it('serves the same API under the stage path, and 404 under another stage', async () => {
    const { socket, connectionId } = await connect();
    const staged = new ApiGatewayManagementApiClient({ endpoint: `${harness.httpUrl}/local`, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      await staged.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('staged') }));
      await socket.next((f) => f.text === 'staged', 'the frame posted under /local');
      const other = await fetch(`${harness.httpUrl}/prod/@connections/${encodeURIComponent(connectionId)}`);
      expect(other.status).toBe(404);
    } finally {
      staged.destroy();
      socket.ws.close();
    }
  });

  it("is accepted by the connection manager's signed HTTP gateway, errors mapped the same way", async () => {
    const { socket, connectionId } = await connect();
    const gateway = new SignedHttpGateway({ endpoint: harness.httpUrl, region: 'us-east-1', credentials });
    try {
      await gateway.post(connectionId, Buffer.from('signed'));
      await socket.next((f) => f.text === 'signed', 'the signed post');
      const info = await gateway.get(connectionId);
      expect(info).toMatchObject({ sourceIp: '127.0.0.1', userAgent: 'streamer-local-test' });
      expect(info.connectedAt).toBeGreaterThan(0);
      await gateway.delete(connectionId);
      await socket.closed;
      const gone = await gateway.post(connectionId, Buffer.from('late')).catch((error: unknown) => error);
      expect(gone).toBeInstanceOf(GatewayError);
      expect(gone).toMatchObject({ kind: 'gone', status: 410 });
    } finally {
      gateway.close();
    }
  });
});
