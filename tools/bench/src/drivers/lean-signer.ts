// Prototype of a purpose-built SigV4 signer for the one request the broadcast hot path makes
// (POST /{stage}/@connections/{id}): node:crypto directly, the signing key derived once per day, no
// request cloning or generic header walk. Produces the same Authorization header as
// @smithy/signature-v4 (checked in lean-signer.spec.ts); the benchmark measures what it saves.
import { createHash, createHmac } from 'node:crypto';

export interface LeanCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedHeaders {
  [name: string]: string;
}

export class LeanSigner {
  private keyDate = '';
  private key: Buffer = Buffer.alloc(0);

  constructor(
    private readonly credentials: LeanCredentials,
    private readonly region: string,
    private readonly service = 'execute-api',
  ) {}

  /** Headers for a POST of `body` to `path` (as sent on the wire: the connection id already encoded once). */
  signPost(host: string, path: string, body: Uint8Array, contentType: string, now: Date = new Date()): SignedHeaders {
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const headers: SignedHeaders = { 'content-length': String(body.byteLength), 'content-type': contentType, host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    if (this.credentials.sessionToken) headers['x-amz-security-token'] = this.credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonicalHeaders = names.map((n) => `${n}:${(headers[n] as string).trim()}\n`).join('');
    const signedNames = names.join(';');
    const canonical = `POST\n${canonicalPath(path)}\n\n${canonicalHeaders}\n${signedNames}\n${payloadHash}`;
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(day)).update(stringToSign).digest('hex');
    headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${signedNames}, Signature=${signature}`;
    return headers;
  }

  private signingKey(day: string): Buffer {
    if (day !== this.keyDate) {
      const kDate = createHmac('sha256', `AWS4${this.credentials.secretAccessKey}`).update(day).digest();
      const kRegion = createHmac('sha256', kDate).update(this.region).digest();
      const kService = createHmac('sha256', kRegion).update(this.service).digest();
      this.key = createHmac('sha256', kService).update('aws4_request').digest();
      this.keyDate = day;
    }
    return this.key;
  }
}

/** SigV4's canonical URI for non-S3 services: every segment URI-encoded again (RFC 3986). */
function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
