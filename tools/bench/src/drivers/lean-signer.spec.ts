import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { LeanSigner, type LeanCredentials } from './lean-signer';

const DATE = new Date('2026-11-23T07:08:09.123Z');

async function smithyHeaders(credentials: LeanCredentials, host: string, path: string, body: Uint8Array): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region: 'eu-west-1', credentials, sha256: Hash.bind(null, 'sha256') });
  const [hostname, port] = host.split(':');
  const headers = { host, 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) };
  const request = new HttpRequest({ method: 'POST', protocol: 'https:', hostname, port: port ? Number(port) : undefined, path, headers, body });
  return ((await signer.sign(request, { signingDate: DATE })) as HttpRequest).headers;
}

describe('LeanSigner', () => {
  const body = Buffer.from('{"type":"event","topic":"bench","data":{"round":1}}');
  const cases: [string, LeanCredentials, string, string][] = [
    ['static credentials', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, 'abc.execute-api.eu-west-1.amazonaws.com', '/prod/@connections/L0SM9cOFvHcCIhw%3D'],
    ['a session token', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token/with+chars=' }, '127.0.0.1:3001', '/local/@connections/a%20b%21c'],
  ];

  it.each(cases)('signs exactly as @smithy/signature-v4 with %s', async (_name, credentials, host, path) => {
    const lean = new LeanSigner(credentials, 'eu-west-1').signPost(host, path, body, 'application/octet-stream', DATE);
    const smithy = await smithyHeaders(credentials, host, path, body);
    expect(lean['authorization']).toBe(smithy['authorization']);
    expect(lean['x-amz-date']).toBe(smithy['x-amz-date']);
    expect(lean['x-amz-content-sha256']).toBe(smithy['x-amz-content-sha256']);
    expect(lean['x-amz-security-token']).toBe(smithy['x-amz-security-token']);
  });

  it('derives a new signing key when the day changes', async () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    const signer = new LeanSigner(credentials, 'eu-west-1');
    const nextDay = new Date(DATE.getTime() + 86_400_000);
    signer.signPost('h', '/s/@connections/x', body, 'application/octet-stream', DATE);
    const lean = signer.signPost('h', '/s/@connections/x', body, 'application/octet-stream', nextDay);
    const signer2 = new SignatureV4({ service: 'execute-api', region: 'eu-west-1', credentials, sha256: Hash.bind(null, 'sha256') });
    const request = new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'h', path: '/s/@connections/x', headers: { host: 'h', 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) }, body });
    const smithy = (await signer2.sign(request, { signingDate: nextDay })) as HttpRequest;
    expect(lean['authorization']).toBe(smithy.headers['authorization']);
  });
});
