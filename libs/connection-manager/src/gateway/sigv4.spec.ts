// LeanSigner against the SDK's own signer: the same requests (POST, GET, DELETE of
// @connections/{id}), fixed clock and credentials (with and without a session token), signed by both;
// the headers must be identical. Also: the key per day and credentials, and credential refresh.
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { escapeUri, type GatewayCredentialIdentity } from './endpoint';
import { LeanSigner, type SignMethod } from './sigv4';

const DATE = new Date('2026-11-23T07:08:09.123Z');
const STATIC = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SESSION = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==' };

async function smithySign(
  credentials: GatewayCredentialIdentity,
  request: { method: SignMethod; host: string; path: string; body?: Uint8Array },
  date: Date,
  region = 'eu-west-1',
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Hash.bind(null, 'sha256') });
  const [hostname = '', port] = request.host.split(':');
  const headers: Record<string, string> = { host: request.host };
  if (request.body) Object.assign(headers, { 'content-type': 'application/octet-stream', 'content-length': String(request.body.byteLength) });
  const http = new HttpRequest({ method: request.method, protocol: 'https:', hostname, port: port ? Number(port) : undefined, path: request.path, headers, body: request.body });
  return ((await signer.sign(http, { signingDate: date })) as HttpRequest).headers;
}

const body = Buffer.from('{"type":"event","topic":"news","data":{"headline":"hello"}}');

describe('LeanSigner signs exactly as @smithy/signature-v4', () => {
  const cases: Array<[string, GatewayCredentialIdentity, string, string, string]> = [
    ['static credentials, an execute-api host', STATIC, 'abc123.execute-api.eu-west-1.amazonaws.com', '/prod', 'L0SM9cOFvHcCIhw='],
    ['a session token, a local host with a port', SESSION, '127.0.0.1:3001', '/local', 'a b!c(d)*e'],
    ['a custom domain without a stage', SESSION, 'ws.example.com', '', 'id+with/odd~chars'],
    ['a custom domain with a base path', STATIC, 'ws.example.com', '/realtime/v1', 'Zm9v_YmFy-'],
  ];

  it.each(cases)('POST, GET and DELETE with %s', async (_name, credentials, host, basePath, connectionId) => {
    const signer = new LeanSigner({ region: 'eu-west-1', credentials, basePath, host });
    const encodedId = escapeUri(connectionId);
    const path = `${basePath}/@connections/${encodedId}`;
    for (const [method, payload] of [['POST', body], ['GET', undefined], ['DELETE', undefined]] as const) {
      const lean = await signer.sign(method, encodedId, payload, DATE.getTime());
      const smithy = await smithySign(credentials, { method, host, path, ...(payload ? { body: payload } : {}) }, DATE);
      expect(lean).toEqual(smithy);
    }
  });

  it('derives a new key when the day changes, and signs a changed payload with its own hash', async () => {
    const signer = new LeanSigner({ region: 'us-east-1', credentials: STATIC, basePath: '/prod', host: 'h.example.com' });
    const nextDay = new Date(DATE.getTime() + 86_400_000);
    await signer.sign('POST', 'x', body, DATE.getTime());
    const other = Buffer.from('{"other":true}');
    const lean = await signer.sign('POST', 'x', other, nextDay.getTime());
    const smithy = await smithySign(STATIC, { method: 'POST', host: 'h.example.com', path: '/prod/@connections/x', body: other }, nextDay, 'us-east-1');
    expect(lean).toEqual(smithy);
  });

  it('takes new credentials when the provider rotates them (new key, new token)', async () => {
    let current: GatewayCredentialIdentity = { ...SESSION, expiration: new Date(DATE.getTime() + 60_000) };
    const provider = jest.fn(async () => current);
    const signer = new LeanSigner({ region: 'eu-west-1', credentials: provider, basePath: '/prod', host: 'h' });
    await signer.sign('GET', 'x', undefined, DATE.getTime());
    // Within five minutes of expiring: fetched again before every signature until they are fresh.
    current = { ...STATIC, sessionToken: 'token-2', expiration: new Date(DATE.getTime() + 3_600_000) };
    const lean = await signer.sign('GET', 'x', undefined, DATE.getTime() + 1000);
    expect(lean['x-amz-security-token']).toBe('token-2');
    expect(lean).toEqual(await smithySign(current, { method: 'GET', host: 'h', path: '/prod/@connections/x' }, new Date(DATE.getTime() + 1000)));
    await signer.sign('GET', 'x', undefined, DATE.getTime() + 2000);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('asks the provider once for many requests signed at once, and not again while credentials are fresh', async () => {
    const provider = jest.fn(async () => STATIC);
    const signer = new LeanSigner({ region: 'eu-west-1', credentials: provider, basePath: '/prod', host: 'h' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => signer.sign('POST', `c${i}`, body, DATE.getTime())));
    await signer.sign('POST', 'c', body, DATE.getTime() + 86_400_000);
    expect(provider).toHaveBeenCalledTimes(1);
  });
});
