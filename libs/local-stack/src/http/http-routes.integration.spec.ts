import { request } from 'node:http';
import { asyncApiDocument } from '@streamer/protocol';
import { type GatewayHarness, startGatewayHarness } from '../test-support/gateway-harness';

describe('HTTP routes', () => {
  let harness: GatewayHarness;
  const adminEvents: unknown[] = [];

  beforeAll(async () => {
    harness = await startGatewayHarness({
      admin: async (event) => {
        adminEvents.push(event);
        if ((event as { action?: string }).action === 'explode') throw Object.assign(new Error('boom'), { name: 'TypeError' });
        if ((event as { action?: string }).action === 'unknown') return { statusCode: 400, body: { code: 'INVALID_INPUT', message: 'unknown action' } };
        return { statusCode: 200, body: { connections: [], count: 0 } };
      },
      routes: [{ method: 'GET', path: '/', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Streamer</h1>') }],
    });
  });
  afterAll(() => harness.stop());

  const postAdmin = (body: string) => fetch(`${harness.httpUrl}/admin`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  it('POST /admin passes the body to the admin function as its event and answers its response', async () => {
    const answer = await postAdmin('{"action":"get_all_connections","limit":5}');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ statusCode: 200, body: { connections: [], count: 0 } });
    expect(adminEvents.at(-1)).toEqual({ action: 'get_all_connections', limit: 5 });
  });

  it("mirrors the admin response's status", async () => {
    const answer = await postAdmin('{"action":"unknown"}');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ statusCode: 400, body: { code: 'INVALID_INPUT' } });
  });

  it('answers 400 to a body that is not JSON, without invoking the function', async () => {
    const invocations = adminEvents.length;
    const answer = await postAdmin('{"action": ');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ statusCode: 400, body: { code: 'INVALID_INPUT', message: expect.stringContaining('JSON') } });
    expect(adminEvents.length).toBe(invocations);
  });

  it('refuses the admin endpoint to requests addressed by another host name (DNS rebinding), without invoking it', async () => {
    const invocations = adminEvents.length;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${harness.httpUrl}/admin`, { method: 'POST', headers: { host: 'attacker.example:3001', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end('{"action":"get_all_connections"}');
    });
    expect(status).toBe(403);
    expect(adminEvents.length).toBe(invocations);
  });

  it("answers 502 with Lambda's error payload when the function fails", async () => {
    const answer = await postAdmin('{"action":"explode"}');
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({ errorType: 'TypeError', errorMessage: 'boom' });
  });

  it('serves routes plugged in by the web page, 405 for a wrong method and 404 elsewhere', async () => {
    const page = await fetch(`${harness.httpUrl}/`);
    expect(await page.text()).toBe('<h1>Streamer</h1>');
    const wrongMethod = await fetch(`${harness.httpUrl}/admin`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const missing = await fetch(`${harness.httpUrl}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });

  it('serves the AsyncAPI document of the protocol at GET /asyncapi.json', async () => {
    const answer = await fetch(`${harness.httpUrl}/asyncapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual(asyncApiDocument());
  });
});
