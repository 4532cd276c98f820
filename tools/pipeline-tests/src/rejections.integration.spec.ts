// What a client that gets things wrong sees: `$connect` refuses bad tokens (nothing stored), and every
// frame the router cannot accept is answered with a typed error while nothing is stored or queued.
import { MAX_MESSAGE_BYTES, type ServerMessage } from '@streamer/protocol';
import type { TestClient } from './test-support/client';
import { newConnectionId, Pipeline, PIPELINE_SETTINGS } from './test-support/pipeline';

let p: Pipeline;
const clients: TestClient[] = [];

beforeAll(async () => {
  p = await Pipeline.start();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await p?.close();
});

async function client(userId: string): Promise<TestClient> {
  const connected = await p.connect(userId, 'hooli');
  clients.push(connected);
  return connected;
}

async function storedFor(connectionId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const request of p.stores.requests.byConnection(connectionId)) ids.push(request.clientId);
  return ids;
}

function invalid(id: string | null, message: string | RegExp): ServerMessage {
  const text = typeof message === 'string' ? message : expect.stringMatching(message);
  return { id, type: 'error', success: false, error: { code: 'INVALID_REQUEST', message: text, retryable: false } } as ServerMessage;
}

describe('$connect', () => {
  it('refuses a missing, badly signed or expired token with 401 and stores nothing', async () => {
    const forged = `${(await p.issuer.mint({ sub: 'yves', tenant_id: 'hooli' })).slice(0, -4)}AAAA`;
    const expired = await p.issuer.mint({ sub: 'yves', tenant_id: 'hooli' }, { now: new Date(Date.now() - 7_200_000) });
    const noTenant = await p.issuer.mint({ sub: 'yves', tenant_id: undefined });
    for (const token of [undefined, 'not-a-jwt', forged, expired, noTenant]) {
      const { statusCode, connectionId } = await p.connectWith(token, newConnectionId());
      expect(statusCode).toBe(401);
      expect(await p.stores.connections.get(connectionId)).toBeUndefined();
    }
  });

  it('stores the user and tenant of a valid token', async () => {
    const zoe = await client('zoe');
    expect(await p.stores.connections.get(zoe.connectionId)).toMatchObject({ userId: 'zoe', tenantId: 'hooli', status: 'CONNECTED' });
  });
});

describe('frames the router refuses', () => {
  it.each([
    ['malformed JSON', '{"id":"bad-1","action":', invalid(null, /JSON/)],
    [
      'an oversized frame',
      JSON.stringify({ id: 'big-1', action: 'generate_report', payload: { recordCount: 5000, pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }),
      invalid(null, `Message exceeds ${MAX_MESSAGE_BYTES} bytes of UTF-8`),
    ],
    ['an unknown action', JSON.stringify({ id: 'u-1', action: 'launch_rockets', payload: {} }), invalid('u-1', 'Unknown action "launch_rockets"')],
    [
      'a bad payload',
      JSON.stringify({ id: 'b-1', action: 'generate_report', payload: { recordCount: 'many' } }),
      invalid('b-1', /^Invalid payload: recordCount: /),
    ],
  ])('answers %s with INVALID_REQUEST and stores nothing', async (_name, frame, expected) => {
    const sender = await client('yara');
    expect(await sender.send(frame)).toEqual(expected);
    expect(await storedFor(sender.connectionId)).toEqual([]);
    expect(await p.nextStreamRecords()).toEqual([]);
  });

  it('answers frames over the rate limit with RATE_LIMITED and a retry hint, and stores nothing for them', async () => {
    const sender = await client('quinn');
    const burst = Number(PIPELINE_SETTINGS['RATE_LIMIT_BURST']);
    const accepted: string[] = [];
    let limited: ServerMessage | undefined;
    for (let i = 0; i < burst * 2 && limited === undefined; i += 1) {
      const reply = await sender.send({ id: `rl-${i}`, action: 'generate_report', payload: { recordCount: 5000 } });
      if (reply.type === 'ack') accepted.push(`rl-${i}`);
      else limited = reply;
    }
    expect(limited).toEqual({
      id: `rl-${accepted.length}`,
      type: 'error',
      success: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String), retryable: true, retryAfterMs: expect.any(Number) },
    });
    expect(accepted.length).toBeGreaterThanOrEqual(burst);
    expect((await storedFor(sender.connectionId)).sort()).toEqual([...accepted].sort());
    expect(await p.nextStreamRecords()).toHaveLength(accepted.length);
  });

  it('tells a socket that never passed $connect that it is not authenticated, and stores nothing', async () => {
    const stranger = newConnectionId();
    const body = JSON.stringify({ id: 'x-1', action: 'generate_report', payload: { recordCount: 5000 } });
    expect(await p.invoke('router', p.event('$default', stranger, { body }))).toEqual({ statusCode: 200 });
    expect(p.gateway.framesTo(stranger)).toEqual([
      { id: 'x-1', type: 'error', success: false, error: { code: 'UNAUTHORIZED', message: expect.any(String), retryable: false } },
    ]);
    expect(p.gateway.callsTo(stranger, 'POST').every((call) => call.signed)).toBe(true);
    expect(await storedFor(stranger)).toEqual([]);
  });
});
