// An independent SigV4 verifier (node:crypto only, not @smithy/signature-v4) for requests received by
// the test server. It accepts the AWS SDK's own signatures, which is what makes it a fair judge.
import { createHash, createHmac } from 'node:crypto';
import type { ReceivedRequest } from './management-api-server';

export interface SigV4Check {
  valid: boolean;
  accessKeyId?: string;
  scope?: string;
  signedHeaders?: string[];
  reason?: string;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function verifySigV4(req: ReceivedRequest, secretAccessKey: string): SigV4Check {
  const match = AUTH.exec(String(req.headers['authorization'] ?? ''));
  if (!match) return { valid: false, reason: 'malformed Authorization header' };
  const [, accessKeyId = '', date = '', region = '', service = '', signed = '', signature = ''] = match;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date)) return { valid: false, reason: 'x-amz-date does not match the credential scope' };
  const signedHeaders = signed.split(';');
  const payloadHash = sha256(req.body);
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== payloadHash) return { valid: false, reason: 'payload hash mismatch' };
  const canonical = [req.method, canonicalUri(req.path), '', canonicalHeaders(req, signedHeaders), signed, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = [date, region, service, 'aws4_request'].reduce<Buffer | string>((k, part) => hmac(k, part), `AWS4${secretAccessKey}`);
  const expected = hmac(key, stringToSign).toString('hex');
  return { valid: expected === signature, accessKeyId, scope, signedHeaders, ...(expected === signature ? {} : { reason: 'signature mismatch' }) };
}

function canonicalUri(path: string): string {
  const withoutQuery = path.split('?')[0] ?? '';
  return withoutQuery.split('/').map(rfc3986).join('/');
}

function rfc3986(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalHeaders(req: ReceivedRequest, names: string[]): string {
  return names.map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
