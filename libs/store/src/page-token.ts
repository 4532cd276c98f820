// Opaque, validated continuation tokens for the admin listing: base64url(JSON) + "." + HMAC-SHA256.
// The HMAC key is derived from a secret and the table name, so a token from another table, an edited
// token or garbage is rejected with InvalidPageTokenError; the decoded key must also have the exact
// expected shape (string attributes only), so nothing but a real key position ever reaches a Scan.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidPageTokenError } from './errors';

export type PageKey = Record<string, string>;

export interface PageTokenCodec {
  encode(key: PageKey): string;
  /** Throws InvalidPageTokenError unless `token` was issued by this codec with exactly `keyNames`. */
  decode(token: string): PageKey;
}

const VERSION = 1;
const MAX_TOKEN_LENGTH = 4096;

export function createPageTokenCodec(options: { secret: string; scope: string; keyNames: readonly string[] }): PageTokenCodec {
  const sign = (body: string): Buffer =>
    createHmac('sha256', options.secret).update(`${options.scope}\n${body}`).digest();
  return {
    encode(key) {
      const body = Buffer.from(JSON.stringify({ v: VERSION, k: key })).toString('base64url');
      return `${body}.${sign(body).toString('base64url')}`;
    },
    decode(token) {
      const body = verifiedBody(token, sign);
      return parseKey(Buffer.from(body, 'base64url').toString('utf8'), options.keyNames);
    },
  };
}

function verifiedBody(token: string, sign: (body: string) => Buffer): string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidPageTokenError();
  }
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) throw new InvalidPageTokenError();
  const expected = sign(body);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidPageTokenError();
  return body;
}

function parseKey(json: string, keyNames: readonly string[]): PageKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new InvalidPageTokenError({ cause });
  }
  const key = isRecord(parsed) && parsed['v'] === VERSION ? parsed['k'] : undefined;
  if (!isRecord(key)) throw new InvalidPageTokenError();
  const names = Object.keys(key).sort();
  const expected = [...keyNames].sort();
  const sameShape = names.length === expected.length && names.every((name, i) => name === expected[i]);
  if (!sameShape || !names.every((name) => typeof key[name] === 'string')) throw new InvalidPageTokenError();
  return key as PageKey;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
