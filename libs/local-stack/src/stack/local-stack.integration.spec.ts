// The whole stack as `npm start` runs it: the real Lambda bundles behind the gateway emulation, on
// DynamoDB Local (the test run's shared one, tables of its own; apps/local's `npm start` test covers
// the stack starting its own), with the stream poller and SQS feeding the processor. Real sockets on
// 127.0.0.1.
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { StreamerClient, StreamerError } from '@streamer/client';
import { sleep } from '@streamer/kernel';
import { waitFor } from '@streamer/kernel/testing';
import { WebSocket } from 'ws';
import { openSocket, refusedStatus } from '../test-support/sockets';
import { connectClient, TableReader, testStackOptions, userConnections } from '../test-support/stack-helpers';
import { type LocalStack, startLocalStack } from './start-local-stack';

describe('local stack', () => {
  let stack: LocalStack;
  let tables: TableReader;
  const clients: StreamerClient[] = [];

  beforeAll(async () => {
    stack = await startLocalStack(
      testStackOptions('local-stack', {
        // No clock tolerance: a token's socket is refused from its exp on (the expiry tests use 2–4 s tokens).
        env: { REPORT_STEP: '20ms', RETRY_DELAY: '1s', POWERTOOLS_LOG_LEVEL: 'ERROR', JWT_CLOCK_TOLERANCE: '0' },
        // A handler that returns with work pending fails its invocation, and stop() below rejects.
        freezeCheck: 'strict',
      }),
    );
    tables = new TableReader(stack);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    tables?.close();
    await stack?.stop();
  });

  async function client(sub: string, tenant = 'tenant-1'): Promise<StreamerClient> {
    const c = await connectClient(stack, sub, tenant);
    clients.push(c);
    return c;
  }

  describe('handshake', () => {
    it('accepts a valid token and stores the connection with the token’s user and tenant', async () => {
      await client('handshake-user', 'tenant-h');
      const [connection] = await userConnections(stack, 'handshake-user');
      expect(connection).toMatchObject({ userId: 'handshake-user', tenantId: 'tenant-h', status: 'CONNECTED' });
    });

    it('refuses a bad or missing token with 401 and stores nothing', async () => {
      const before = await tables.connectionCount();
      await expect(refusedStatus(`${stack.wsUrl}?Authorization=not-a-jwt`)).resolves.toBe(401);
      await expect(refusedStatus(stack.wsUrl)).resolves.toBe(401);
      const foreign = (await stack.token('someone', 'tenant-1')).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
      await expect(refusedStatus(`${stack.wsUrl}?Authorization=${foreign}`)).resolves.toBe(401);
      expect(await tables.connectionCount()).toBe(before);
    });

    it('takes the token from an Authorization: Bearer header too', async () => {
      const token = await stack.token('header-user');
      const ws = new WebSocket(stack.wsUrl, { headers: { Authorization: `Bearer ${token}` } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.close();
    });
  });

  describe('tokens', () => {
    const expiryOf = (token: string): number => (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp * 1000;

    /** Offers `protocols` with ws (which itself fails a handshake whose answer echoes none of them). */
    function offer(protocols: string[]): Promise<{ ws: WebSocket; echoed: string | undefined }> {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(stack.wsUrl, protocols);
        let echoed: string | undefined;
        ws.once('upgrade', (res) => (echoed = res.headers['sec-websocket-protocol'] as string | undefined));
        ws.once('open', () => resolve({ ws, echoed }));
        ws.once('error', reject);
      });
    }

    it('accepts the token as a subprotocol value and selects the protocol name only', async () => {
      const token = await stack.token('protocol-user', 'tenant-p');
      const { ws, echoed } = await offer(['streamer.v1', `bearer.${token}`]);
      expect(echoed).toBe('streamer.v1');
      expect(ws.protocol).toBe('streamer.v1');
      const [connection] = await userConnections(stack, 'protocol-user');
      expect(connection).toMatchObject({ tenantId: 'tenant-p', status: 'CONNECTED' });
      ws.close();
    });

    it('runs StreamerClient over the subprotocol transport', async () => {
      const c = new StreamerClient(stack.wsUrl, { token: await stack.token('protocol-client'), WebSocket, tokenTransport: 'subprotocol', reconnect: false, heartbeatMs: 0 });
      clients.push(c);
      await c.connect();
      await expect(c.request('echo', { over: 'subprotocol' })).resolves.toEqual({ over: 'subprotocol' });
    });

    it('refuses an offer without the protocol name with 400, storing nothing', async () => {
      const token = await stack.token('protocol-refused');
      await expect(offer([`bearer.${token}`])).rejects.toThrow(/400/);
      await expect(offer(['graphql-ws'])).rejects.toThrow(/400/);
      expect(await userConnections(stack, 'protocol-refused')).toEqual([]);
    });

    it('answers a frame after the token expired with UNAUTHORIZED and closes the socket', async () => {
      const token = await stack.token('expiring-user', 'tenant-1', 2);
      const socket = await openSocket(`${stack.wsUrl}?Authorization=${token}`);
      const [connection] = await userConnections(stack, 'expiring-user');
      socket.ws.send('{"id":"p-1","action":"ping"}');
      await socket.next((f) => f.text.includes('"pong"'), 'the pong before expiry');
      await sleep(Math.max(0, expiryOf(token) - Date.now()) + 50);
      socket.ws.send('{"id":"p-2","action":"ping"}');
      const refused = await socket.next((f) => f.text.includes('"p-2"'), 'the reply after expiry');
      expect(JSON.parse(refused.text)).toMatchObject({ id: 'p-2', type: 'error', error: { code: 'UNAUTHORIZED', retryable: false } });
      await expect(socket.closed).resolves.toMatchObject({ code: 1000 });
      await waitFor(async () => ((await tables.connectionStatus(connection?.connectionId ?? '')) === 'DISCONNECTED' ? true : undefined), 'DISCONNECTED');
    });

    it('StreamerClient refreshes its token before expiry and keeps a pending request and a subscription', async () => {
      const c = new StreamerClient(stack.wsUrl, { token: () => stack.token('refreshing-user', 'tenant-r', 4), WebSocket, tokenTransport: 'subprotocol', heartbeatMs: 0 });
      clients.push(c);
      const closes: { reason: string; willReconnect: boolean }[] = [];
      c.on('close', (e) => closes.push(e));
      await c.connect();
      const news: unknown[] = [];
      c.subscribe('news', (data) => news.push(data));
      // Two retries 1 s and 2 s apart: still running when the refresh comes (half of a 3–4 s lifetime).
      const pending = c.request('flaky', { failures: 2 }, { timeoutMs: 30_000 });
      let settled = false;
      void pending.then(() => (settled = true), () => (settled = true));
      const reconnected = new Promise((resolve) => c.on('reconnect', resolve));
      await reconnected;
      expect(closes[0]).toMatchObject({ reason: 'Token refresh', willReconnect: true });
      expect(settled).toBe(false);
      await expect(pending).resolves.toEqual({ attempts: 3 });
      await waitFor(async () => ((await stack.invokeAdmin({ action: 'publish', tenantId: 'tenant-r', topic: 'news', data: { n: 1 } })) as { body: { sent: number } }).body.sent > 0 || undefined, 'a subscriber of news');
      await waitFor(() => (news.length > 0 ? true : undefined), 'the event on the refreshed connection');
      expect(news[0]).toEqual({ n: 1 });
    });
  });

  it('answers echo in the same invocation', async () => {
    const c = await client('echo-user');
    await expect(c.request('echo', { hello: 'world', n: 1 })).resolves.toEqual({ hello: 'world', n: 1 });
  });

  it('runs generate_report in the background: ack, monotonic progress, result (stream poller → processor)', async () => {
    const c = await client('report-user');
    const progress: number[] = [];
    const result = await c.request<{ url: string; recordCount: number }>('generate_report', { recordCount: 5000 }, { onProgress: (p) => progress.push(p), timeoutMs: 30_000 });
    expect(result).toMatchObject({ recordCount: 5000, url: expect.stringMatching(/^https:\/\/reports\.example\.com\/tenant-1\//) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
  });

  it('completes a flaky request after retries through the SQS retry queue', async () => {
    const c = await client('flaky-user');
    await expect(c.request('flaky', { failures: 2 }, { timeoutMs: 30_000 })).resolves.toEqual({ attempts: 3 });
  });

  it('runs a request whose payload is an empty object (the web page’s `flaky {}`): its stream image is decodable', async () => {
    const c = await client('empty-payload-user');
    await expect(c.request('flaky', {}, { timeoutMs: 20_000 })).resolves.toEqual({ attempts: 2 });
  });

  it('types a handler’s validation error', async () => {
    const c = await client('invalid-user');
    const error = await c.request('generate_report', { recordCount: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamerError);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('runs $disconnect when the client closes: the stored connection is DISCONNECTED', async () => {
    const c = await client('leaving-user');
    const [connection] = await userConnections(stack, 'leaving-user');
    await c.close();
    await waitFor(async () => ((await tables.connectionStatus(connection?.connectionId ?? '')) === 'DISCONNECTED' ? true : undefined), 'DISCONNECTED');
  });

  it('lets the real management API client DELETE a connection: the socket closes and $disconnect runs', async () => {
    const c = await client('deleted-user');
    const closed = new Promise((resolve) => c.on('close', resolve));
    const [connection] = await userConnections(stack, 'deleted-user');
    const connectionId = connection?.connectionId as string;
    const sdk = new ApiGatewayManagementApiClient({ endpoint: stack.managementEndpoint, region: stack.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const info = await sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }));
      expect(info.Identity?.SourceIp).toBe('127.0.0.1');
      await sdk.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      await closed;
      await waitFor(async () => ((await tables.connectionStatus(connectionId)) === 'DISCONNECTED' ? true : undefined), 'DISCONNECTED');
      await expect(sdk.send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toMatchObject({ name: 'GoneException' });
    } finally {
      sdk.destroy();
    }
  });

  describe('POST /admin', () => {
    const admin = (body: string) => fetch(stack.adminUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

    it('runs the admin Lambda: it lists the connections of a tenant', async () => {
      await client('admin-listed-1', 'tenant-admin');
      await client('admin-listed-2', 'tenant-admin');
      const answer = await admin(JSON.stringify({ action: 'get_tenant_connections', tenantId: 'tenant-admin' }));
      expect(answer.status).toBe(200);
      const response = (await answer.json()) as { statusCode: number; body: { connections: { userId: string }[]; count: number } };
      expect(response.statusCode).toBe(200);
      expect(response.body.connections.map((c) => c.userId).sort()).toEqual(['admin-listed-1', 'admin-listed-2']);
    });

    it('answers the admin Lambda’s 400 for an unknown action, and 400 for a body that is not JSON', async () => {
      const unknown = await admin('{"action":"drop_tables"}');
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ statusCode: 400, body: { code: 'INVALID_INPUT' } });
      const garbage = await admin('not json');
      expect(garbage.status).toBe(400);
    });
  });
});
