import type { AdminConnection } from '../responses';
import { createHarness } from '../test-support/harness';

type Listing = { connections: AdminConnection[]; count: number; truncated?: boolean; nextToken?: string };

/** ISO 8601 with milliseconds and Z, as `Date.prototype.toISOString` writes it. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const ids = (body: unknown): string[] => (body as Listing).connections.map((c) => c.connectionId).sort();

describe('get_user_connections', () => {
  it('returns the CONNECTED connections of that user only', async () => {
    const h = createHarness();
    await h.connect('a1', { userId: 'alice' });
    await h.connect('a2', { userId: 'alice' });
    await h.connect('b1', { userId: 'bob' });
    await h.connect('a3', { userId: 'alice' });
    await h.connections.markDisconnected('a3');

    const response = await h.handler({ action: 'get_user_connections', userId: 'alice' });

    expect(response.statusCode).toBe(200);
    expect(ids(response.body)).toEqual(['a1', 'a2']);
    expect(response.body).toMatchObject({ count: 2, truncated: false });
  });

  it('returns an empty list for a user with no connections', async () => {
    const h = createHarness();
    const response = await h.handler({ action: 'get_user_connections', userId: 'nobody@example.com' });
    expect(response).toEqual({ statusCode: 200, body: { connections: [], count: 0, truncated: false } });
  });

  it('stops at the list limit and says the list is truncated', async () => {
    const h = createHarness({ listLimit: 3 });
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) await h.connect(id, { userId: 'alice' });
    const response = await h.handler({ action: 'get_user_connections', userId: 'alice' });
    expect(response.body).toMatchObject({ count: 3, truncated: true });
    expect((response.body as Listing).connections).toHaveLength(3);
  });

  it('returns whole records with every stored field, plus createdAt: connectedAt in ISO 8601', async () => {
    const h = createHarness();
    const stored = await h.connect('a1', { userId: 'auth0|42', tenantId: 'acme', connectedAt: Date.UTC(2026, 0, 1, 12, 0, 0, 250) });
    const response = await h.handler({ action: 'get_user_connections', userId: 'auth0|42' });
    expect((response.body as Listing).connections).toEqual([{ ...stored, createdAt: '2026-01-01T12:00:00.250Z' }]);
  });
});

describe('get_tenant_connections', () => {
  it('returns the CONNECTED connections of that tenant only', async () => {
    const h = createHarness();
    await h.connect('t1', { tenantId: 'acme', userId: 'u1' });
    await h.connect('t2', { tenantId: 'acme', userId: 'u2' });
    await h.connect('o1', { tenantId: 'other' });
    await h.connect('t3', { tenantId: 'acme' });
    await h.connections.markDisconnected('t3');

    const response = await h.handler({ action: 'get_tenant_connections', tenantId: 'acme' });

    expect(response.statusCode).toBe(200);
    expect(ids(response.body)).toEqual(['t1', 't2']);
    expect(response.body).toMatchObject({ count: 2, truncated: false });
    for (const c of (response.body as Listing).connections) expect(c.createdAt).toBe(new Date(c.connectedAt).toISOString());
  });

  it('returns exactly the limit without truncation when the tenant has exactly that many', async () => {
    const h = createHarness({ listLimit: 3 });
    for (const id of ['c1', 'c2', 'c3']) await h.connect(id, { tenantId: 'acme' });
    const response = await h.handler({ action: 'get_tenant_connections', tenantId: 'acme' });
    expect(response.body).toMatchObject({ count: 3, truncated: false });
  });

  it('stops at 10 000 connections by default and says the list is truncated', async () => {
    const h = createHarness();
    for (let i = 0; i < 10_001; i++) await h.connect(`c${i}`, { tenantId: 'big' });
    const response = await h.handler({ action: 'get_tenant_connections', tenantId: 'big' });
    expect(response.body).toMatchObject({ count: 10_000, truncated: true });
  });
});

describe('get_all_connections', () => {
  it('returns the first 100 CONNECTED connections and a nextToken by default', async () => {
    const h = createHarness();
    for (let i = 0; i < 150; i++) await h.connect(`c${String(i).padStart(3, '0')}`, { tenantId: `t${i % 7}` });
    const response = await h.handler({ action: 'get_all_connections' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ count: 100 });
    expect(typeof (response.body as Listing).nextToken).toBe('string');
  });

  it('walks every page exactly once, across tenants, without duplicates', async () => {
    const h = createHarness();
    const expected: string[] = [];
    for (let i = 0; i < 53; i++) {
      const id = `conn-${i}`;
      await h.connect(id, { tenantId: `t${i % 3}`, userId: `u${i % 5}` });
      expected.push(id);
    }
    await h.connect('gone', {});
    await h.connections.markDisconnected('gone');

    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const response = await h.handler({ action: 'get_all_connections', limit: 10, ...(nextToken ? { nextToken } : {}) });
      expect(response.statusCode).toBe(200);
      const body = response.body as Listing;
      expect(body.count).toBe(body.connections.length);
      expect(body.count).toBeLessThanOrEqual(10);
      seen.push(...body.connections.map((c) => c.connectionId));
      for (const c of body.connections) expect(c.createdAt).toMatch(ISO_8601);
      nextToken = body.nextToken;
      pages += 1;
    } while (nextToken !== undefined);

    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('answers the last page without a nextToken', async () => {
    const h = createHarness();
    await h.connect('only');
    const response = await h.handler({ action: 'get_all_connections', limit: 1000 });
    expect(response.body).toEqual({ connections: [expect.objectContaining({ connectionId: 'only' })], count: 1 });
  });

  it('rejects a forged, edited or truncated nextToken with 400 "invalid nextToken"', async () => {
    const h = createHarness();
    for (let i = 0; i < 5; i++) await h.connect(`c${i}`);
    const first = await h.handler({ action: 'get_all_connections', limit: 2 });
    const token = (first.body as Listing).nextToken as string;
    const [body, mac] = token.split('.') as [string, string];
    const forgedKey = Buffer.from(JSON.stringify({ v: 1, k: { connectionId: 'c0' } })).toString('base64url');
    const forgeries = [
      `${forgedKey}.${mac}`,
      `${body}.${mac.slice(0, -2)}`,
      body,
      `${token}.extra`,
      'not-a-token',
      Buffer.from('{"connectionId":"c1"}').toString('base64'),
    ];
    for (const nextToken of forgeries) {
      const response = await h.handler({ action: 'get_all_connections', nextToken });
      expect(response).toEqual({ statusCode: 400, body: { code: 'INVALID_INPUT', message: 'invalid nextToken' } });
    }
  });
});
