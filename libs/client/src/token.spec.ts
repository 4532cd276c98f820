import { handshakeFor, refreshDelay, tokenExpiry } from './token';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown): string => `${b64url({ alg: 'ES256' })}.${b64url(payload)}.c2ln`;

describe('handshakeFor', () => {
  it('offers the protocol name and the bearer value with the subprotocol transport, the URL untouched', () => {
    expect(handshakeFor('wss://api.example.com/prod', 'a.b.c', 'subprotocol')).toEqual({
      url: 'wss://api.example.com/prod',
      protocols: ['streamer.v1', 'bearer.a.b.c'],
    });
  });

  it('adds the token as the Authorization query parameter, encoded, keeping other parameters', () => {
    const { url, protocols } = handshakeFor('wss://api.example.com/prod?x=1', 'a b+c', 'query');
    const parsed = new URL(url);
    expect(parsed.searchParams.get('Authorization')).toBe('a b+c');
    expect(parsed.searchParams.get('x')).toBe('1');
    expect(parsed.pathname).toBe('/prod');
    expect(protocols).toBeUndefined();
  });
});

describe('tokenExpiry', () => {
  it('reads exp from the payload, in epoch ms, without verifying', () => {
    expect(tokenExpiry(jwt({ sub: 'u', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
  });

  it('reads a payload with non-ASCII claims', () => {
    expect(tokenExpiry(jwt({ name: 'Zoë ✓', exp: 1_800_000_001 }))).toBe(1_800_000_001_000);
  });

  it.each([
    ['not a JWT', 'opaque-token'],
    ['no exp', jwt({ sub: 'u' })],
    ['exp not a number', jwt({ exp: 'tomorrow' })],
    ['payload not JSON', `x.${Buffer.from('nope').toString('base64url')}.y`],
    ['payload not base64url', 'x.%%%.y'],
    ['payload JSON null', jwt(null)],
  ])('is undefined for %s', (_name, token) => {
    expect(tokenExpiry(token)).toBeUndefined();
  });
});

describe('refreshDelay', () => {
  it('is the margin before expiry', () => {
    expect(refreshDelay(1_000_000, 0, 60_000)).toBe(940_000);
  });

  it('waits half the remaining lifetime for a token shorter-lived than twice the margin', () => {
    expect(refreshDelay(4_000, 0, 60_000)).toBe(2_000);
  });

  it('is 0 for a token already past its exp', () => {
    expect(refreshDelay(1_000, 5_000, 60_000)).toBe(0);
  });
});
