// SigV4 for the one request shape of the management API (POST, GET or DELETE of
// `{basePath}/@connections/{id}`), on node:crypto: the same Authorization header as
// @smithy/signature-v4 (sigv4.spec.ts signs the same requests with both), without its per-request
// cloning, credential hashing and generic header walk. The signing key is derived once per day and
// credentials (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html); the
// `x-amz-date` string once per second; the payload hash once per payload (a broadcast posts one
// payload to every recipient). Credentials come from a provider (the default chain unless given) and
// are fetched again when they are within five minutes of their expiration, as the SDK does.
import { createHash, createHmac, hash } from 'node:crypto';
import { escapeUri, type GatewayCredentialIdentity, type GatewayCredentials } from './endpoint';

export interface LeanSignerOptions {
  region: string;
  credentials: GatewayCredentials;
  /** The endpoint's path before `/@connections` ('' or '/stage'), as sent on the wire. */
  basePath: string;
  /** The Host header value. */
  host: string;
  service?: string;
}

export type SignMethod = 'POST' | 'GET' | 'DELETE';

/** Credentials this close to their expiration are fetched again before signing. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const EMPTY_SHA256 = createHash('sha256').digest('hex');
const CONTENT_TYPE = 'application/octet-stream';
/** SignedHeaders without / with a session token, for requests without and with a body. */
const SIGNED_HEADERS = {
  bare: ['host;x-amz-content-sha256;x-amz-date', 'host;x-amz-content-sha256;x-amz-date;x-amz-security-token'],
  body: ['content-length;content-type;host;x-amz-content-sha256;x-amz-date', 'content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token'],
} as const;

export class LeanSigner {
  private readonly provider: () => Promise<GatewayCredentialIdentity>;
  private readonly service: string;
  private readonly canonicalBase: string;
  /** `{region}/{service}/aws4_request`, the credential scope after its day. */
  private readonly scopeTail: string;
  private credentials: GatewayCredentialIdentity | undefined;
  private refreshing: Promise<GatewayCredentialIdentity> | undefined;
  private key: { day: string; secret: string; value: Buffer } | undefined;
  private clock = { second: -1, amzDate: '' };
  private lastBody: { body: Uint8Array; hash: string } | undefined;

  constructor(private readonly options: LeanSignerOptions) {
    const { credentials } = options;
    this.provider = typeof credentials === 'function' ? credentials : async () => credentials;
    this.service = options.service ?? 'execute-api';
    this.canonicalBase = `${canonicalSegments(options.basePath)}/%40connections/`;
    this.scopeTail = `${options.region}/${this.service}/aws4_request`;
  }

  /**
   * The headers to send with the request (its own plus the signature's). `encodedId` is the connection
   * id as the path carries it (`escapeUri`); `nowMs` is the signing time.
   */
  async sign(method: SignMethod, encodedId: string, body: Uint8Array | undefined, nowMs: number): Promise<Record<string, string>> {
    const credentials = this.usable(nowMs) ?? (await this.refresh());
    return this.signWith(credentials, method, encodedId, body, nowMs);
  }

  /** Signs with credentials already resolved (sync): what `sign` does once they are at hand. */
  private signWith(credentials: GatewayCredentialIdentity, method: SignMethod, encodedId: string, body: Uint8Array | undefined, nowMs: number): Record<string, string> {
    const amzDate = this.amzDate(nowMs);
    const day = amzDate.slice(0, 8);
    const payloadHash = body === undefined ? EMPTY_SHA256 : this.hashOf(body);
    const token = credentials.sessionToken;
    const { host } = this.options;
    // The canonical headers in sorted order (names are lower case, values carry no spaces to trim),
    // written out rather than walked: the request shape is fixed.
    const length = body === undefined ? '' : String(body.byteLength);
    let canonicalHeaders = body === undefined ? '' : `content-length:${length}\ncontent-type:${CONTENT_TYPE}\n`;
    canonicalHeaders += `host:${host}\nx-amz-content-sha256:${payloadHash}\nx-amz-date:${amzDate}\n`;
    if (token) canonicalHeaders += `x-amz-security-token:${token}\n`;
    const signedHeaders = SIGNED_HEADERS[body === undefined ? 'bare' : 'body'][token ? 1 : 0];
    const canonical = `${method}\n${this.canonicalBase}${escapeUri(encodedId)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const scope = `${day}/${this.scopeTail}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
    const signature = createHmac('sha256', this.signingKey(day, credentials.secretAccessKey)).update(stringToSign).digest('hex');
    const headers: Record<string, string> =
      body === undefined ? { host } : { 'content-length': length, 'content-type': CONTENT_TYPE, host };
    headers['x-amz-content-sha256'] = payloadHash;
    headers['x-amz-date'] = amzDate;
    if (token) headers['x-amz-security-token'] = token;
    headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  /** The cached credentials while they are not about to expire. */
  private usable(nowMs: number): GatewayCredentialIdentity | undefined {
    const current = this.credentials;
    if (current === undefined) return undefined;
    const expiration = current.expiration?.getTime();
    return expiration === undefined || expiration - nowMs > REFRESH_MARGIN_MS ? current : undefined;
  }

  /** One provider call at a time, however many requests are waiting for it. */
  private refresh(): Promise<GatewayCredentialIdentity> {
    this.refreshing ??= this.provider()
      .then((credentials) => (this.credentials = credentials))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private signingKey(day: string, secret: string): Buffer {
    const key = this.key;
    if (key !== undefined && key.day === day && key.secret === secret) return key.value;
    const kDate = hmac(`AWS4${secret}`, day);
    const value = hmac(hmac(hmac(kDate, this.options.region), this.service), 'aws4_request');
    this.key = { day, secret, value };
    return value;
  }

  private amzDate(nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.clock.second) {
      const iso = new Date(second * 1000).toISOString(); // 2026-11-23T07:08:09.000Z
      const amzDate = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
      this.clock = { second, amzDate };
    }
    return this.clock.amzDate;
  }

  private hashOf(body: Uint8Array): string {
    const last = this.lastBody;
    if (last !== undefined && last.body === body) return last.hash;
    const hash = createHash('sha256').update(body).digest('hex');
    this.lastBody = { body, hash };
    return hash;
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** One-shot hashing (Node ≥ 20.12), cheaper than a Hash object per call. */
function sha256Hex(data: string): string {
  return hash('sha256', data, 'hex');
}

/**
 * SigV4's canonical URI for services other than S3: the path as sent, each segment URI-encoded once
 * more (RFC 3986), empty and `.` segments dropped (as @smithy/signature-v4 normalises them).
 */
function canonicalSegments(basePath: string): string {
  const segments = basePath.split('/').filter((segment) => segment !== '' && segment !== '.');
  return segments.map((segment) => `/${escapeUri(segment)}`).join('');
}
