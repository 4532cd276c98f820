import { AuthError, createVerifier, type Verifier } from '@streamer/auth';
import { createCapturedLogger, createTestIssuer, type TestIssuer } from '@streamer/auth/testing';
import { RecordingMetrics } from '@streamer/kernel/testing';
import { StoreUnavailableError } from '@streamer/store';
import { InMemoryConnectionStore } from '@streamer/store/testing';
import { createConnectHandler } from './app';
import { connectEvent } from './test-support/events';

const NOW = 1_795_000_000_500;
const DAY_MS = 24 * 3_600_000;

describe('$connect handler', () => {
  let issuer: TestIssuer;
  let verifier: Verifier;
  beforeAll(async () => {
    issuer = await createTestIssuer({ issuer: 'https://auth.example.com' });
    verifier = await createVerifier(issuer.config, { logger: createCapturedLogger().logger });
  });

  function setup(overrides: { verifier?: Verifier; put?: () => Promise<void> } = {}) {
    const connections = new InMemoryConnectionStore();
    const captured = createCapturedLogger();
    const metrics = new RecordingMetrics();
    const correlated: Array<Record<string, string>> = [];
    const store = overrides.put ? { put: overrides.put } : connections;
    const handle = createConnectHandler({
      verifier: overrides.verifier ?? verifier,
      connections: store,
      logger: captured.logger,
      metrics,
      correlate: (fields) => correlated.push(fields),
      connectionTtlMs: DAY_MS,
      clock: { now: () => NOW },
    });
    return { handle, connections, captured, metrics, correlated };
  }

  it('accepts a valid token from the query string and stores the connection from its claims', async () => {
    const { handle, connections } = setup();
    const token = await issuer.mint({ sub: 'user-7', tenant_id: 'acme' });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    const result = await handle(connectEvent({ connectionId: 'c-1', query: { Authorization: token } }));
    expect(result).toEqual({ statusCode: 200 });
    expect(await connections.get('c-1')).toEqual({
      connectionId: 'c-1',
      userId: 'user-7',
      tenantId: 'acme',
      status: 'CONNECTED',
      endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      connectedAt: 1_795_000_000_000,
      lastActiveAt: NOW,
      ttl: Math.floor((NOW + DAY_MS) / 1000),
      // The token's exp plus the verifier's 30 s clock tolerance.
      tokenExpiresAt: (exp + 30) * 1000,
    });
  });

  it('takes the token from a Sec-WebSocket-Protocol offer and echoes the protocol name only', async () => {
    const { handle, connections } = setup();
    const token = await issuer.mint({ sub: 'browser-user' });
    const offer = `streamer.v1, bearer.${token}`;
    const result = await handle(connectEvent({ connectionId: 'c-p', headers: { 'Sec-WebSocket-Protocol': offer } }));
    expect(result).toEqual({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'streamer.v1' } });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(await connections.get('c-p')).toMatchObject({ userId: 'browser-user' });
  });

  it('echoes the protocol to a client that offers it and sends the token in the query', async () => {
    const { handle } = setup();
    const event = connectEvent({ query: { Authorization: await issuer.mint() }, headers: { 'sec-websocket-protocol': 'streamer.v1' } });
    expect(await handle(event)).toEqual({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'streamer.v1' } });
  });

  it.each([
    ['the token without the protocol name', (token: string) => `bearer.${token}`],
    ['another protocol', () => 'graphql-ws'],
  ])('refuses a subprotocol offer of %s with 400 and stores nothing', async (_name, offer) => {
    const { handle, connections, metrics } = setup();
    const event = connectEvent({ connectionId: 'c-x', headers: { 'Sec-WebSocket-Protocol': offer(await issuer.mint()) } });
    expect(await handle(event)).toEqual({ statusCode: 400 });
    expect(await connections.get('c-x')).toBeUndefined();
    expect(metrics.total('ConnectsRefused', { reason: 'subprotocol' })).toBe(1);
  });

  it('accepts an Authorization: Bearer header', async () => {
    const { handle, connections } = setup();
    const token = await issuer.mint();
    expect(await handle(connectEvent({ connectionId: 'c-2', headers: { authorization: `Bearer ${token}` } }))).toEqual({ statusCode: 200 });
    expect(await connections.get('c-2')).toMatchObject({ userId: 'test-user', tenantId: 'test-tenant' });
  });

  it.each([
    ['a missing token', async () => undefined],
    ['a token signed by another key', async () => (await createTestIssuer({ issuer: 'https://auth.example.com' })).mint()],
    ['an expired token', async () => issuer.mint({}, { now: new Date(Date.now() - 2 * 3_600_000) })],
    ['a token without a tenant', async () => issuer.mint({ tenant_id: undefined })],
    ['a token from another issuer', async () => issuer.mint({ iss: 'https://evil.example.com' })],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with 401, stores nothing and never logs the token', async (_name, token) => {
    const { handle, connections, captured } = setup();
    const value = await token();
    const event = connectEvent({ connectionId: 'c-3', ...(value !== undefined && { query: { Authorization: value } }) });
    expect(await handle(event)).toEqual({ statusCode: 401 });
    expect(await connections.get('c-3')).toBeUndefined();
    if (value !== undefined) expect(captured.text()).not.toContain(value);
  });

  it('never logs the token of an accepted connection', async () => {
    const { handle, captured } = setup();
    const token = await issuer.mint();
    await handle(connectEvent({ query: { Authorization: token } }));
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.text()).not.toContain(token);
  });

  it('answers 500 without internals when the store fails', async () => {
    const failure = new StoreUnavailableError('connect ECONNREFUSED streamer-connections-prod');
    const { handle, captured } = setup({ put: () => Promise.reject(failure) });
    const result = await handle(connectEvent({ query: { Authorization: await issuer.mint() } }));
    expect(result).toEqual({ statusCode: 500 });
    expect(captured.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('answers 500 when the key set cannot be fetched (not the client’s fault)', async () => {
    const unavailable: Verifier = { verify: () => Promise.reject(new AuthError('jwks-unavailable', 'JWKS unavailable')) };
    const { handle, connections } = setup({ verifier: unavailable });
    expect(await handle(connectEvent({ connectionId: 'c-4', query: { Authorization: 'x.y.z' } }))).toEqual({ statusCode: 500 });
    expect(await connections.get('c-4')).toBeUndefined();
  });

  it('counts connects and refusals by reason, correlates the tenant and logs one line per connection: its outcome', async () => {
    const { handle, captured, metrics, correlated } = setup();
    await handle(connectEvent({ connectionId: 'c-5', query: { Authorization: await issuer.mint({ sub: 'u-5', tenant_id: 'acme' }) } }));
    expect(captured.lines.filter((l) => l.level === 'info').map((l) => l.args[0])).toEqual(['connect: outcome']);
    await handle(connectEvent({ connectionId: 'c-6' }));
    expect(metrics.total('Connects')).toBe(1);
    expect(metrics.total('ConnectsRefused', { reason: 'missing-token' })).toBe(1);
    expect(correlated).toEqual([{ tenantId: 'acme', userId: 'u-5' }]);
    const outcomes = captured.lines.filter((l) => l.args[0] === 'connect: outcome');
    expect(outcomes.map((l) => l.args[1])).toEqual([
      { connectionId: 'c-5', action: '$connect', statusCode: 200, durationMs: 0 },
      { connectionId: 'c-6', action: '$connect', statusCode: 401, durationMs: 0, reason: 'missing-token' },
    ]);
  });
});
