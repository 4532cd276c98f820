import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { CompactSign, exportJWK, SignJWT } from 'jose';
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@streamer/protocol';
import { AuthError, type AuthRejectionReason } from './errors';
import { createCapturedLogger, type CapturedLogger } from './testing/captured-logger';
import { generateKeyPairPem, type TestKeyPair } from './testing/key-pair';
import { createTestIssuer, type TestIssuer } from './testing/test-issuer';
import { leakedFragments } from './testing/token-leaks';
import { answerSubprotocol, type ConnectEventLike, extractToken } from './transports';
import { createVerifier, type Verifier } from './verifier';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const ISS = 'https://issuer.streamer.test';
const AUD = 'streamer-api';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Keys {
  rsa: TestKeyPair;
  issuer: TestIssuer;
  stranger: TestIssuer;
  ecIssuer: TestIssuer;
}

interface AttackCase {
  name: string;
  reason: AuthRejectionReason;
  claim?: string;
  token: (keys: Keys) => Promise<string>;
}

const validClaims = () => ({ sub: 'user-1', tenant_id: 'tenant-1', iss: ISS, aud: AUD, iat: NOW_SEC, exp: NOW_SEC + 600 });
const mint = (keys: Keys, claims: Record<string, unknown> = {}) => keys.issuer.mint(claims, { now: NOW });

async function tamper(token: Promise<string>): Promise<string> {
  const [header, payload, signature] = (await token).split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${b64({ ...claims, tenant_id: 'tenant-2' })}.${signature}`;
}

const cases: AttackCase[] = [
  { name: 'alg none', reason: 'alg-not-allowed', token: async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.` },
  {
    name: 'HS256 signed with the RSA public key PEM as secret',
    reason: 'alg-not-allowed',
    token: (k) => new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256' }).sign(encode(k.rsa.publicKeyPem)),
  },
  { name: 'expired', reason: 'expired', claim: 'exp', token: (k) => mint(k, { exp: NOW_SEC - 3600 }) },
  { name: 'nbf in the future', reason: 'not-yet-valid', claim: 'nbf', token: (k) => mint(k, { nbf: NOW_SEC + 3600 }) },
  { name: 'wrong iss', reason: 'wrong-issuer', claim: 'iss', token: (k) => mint(k, { iss: 'https://evil.test' }) },
  { name: 'wrong aud', reason: 'wrong-audience', claim: 'aud', token: (k) => mint(k, { aud: 'other-api' }) },
  { name: 'missing iss', reason: 'missing-claim', claim: 'iss', token: (k) => mint(k, { iss: undefined }) },
  { name: 'missing exp', reason: 'missing-claim', claim: 'exp', token: (k) => mint(k, { exp: undefined }) },
  { name: 'exp not a number', reason: 'malformed', claim: 'exp', token: (k) => mint(k, { exp: 'tomorrow' }) },
  { name: 'missing sub', reason: 'missing-claim', claim: 'sub', token: (k) => mint(k, { sub: undefined }) },
  { name: 'missing tenant claim', reason: 'missing-claim', claim: 'tenant_id', token: (k) => mint(k, { tenant_id: undefined }) },
  { name: 'empty tenant claim', reason: 'missing-claim', claim: 'tenant_id', token: (k) => mint(k, { tenant_id: '' }) },
  { name: 'numeric tenant claim', reason: 'missing-claim', claim: 'tenant_id', token: (k) => mint(k, { tenant_id: 42 }) },
  { name: 'tampered payload', reason: 'bad-signature', token: (k) => tamper(mint(k)) },
  { name: 'signed by another RSA key', reason: 'bad-signature', token: (k) => k.stranger.mint({}, { now: NOW }) },
  { name: 'signed by an EC key', reason: 'alg-not-allowed', token: (k) => k.ecIssuer.mint({}, { now: NOW }) },
  {
    name: 'attacker key embedded as jwk header',
    reason: 'bad-signature',
    token: async (k) =>
      new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(k.stranger.keyPair.publicKey) })
        .sign(k.stranger.keyPair.privateKey),
  },
  { name: 'alg header swapped to RS512', reason: 'alg-not-allowed', token: async (k) => swapAlg(await mint(k), 'RS512') },
  {
    name: 'signed payload that is not JSON',
    reason: 'malformed',
    token: (k) => new CompactSign(encode('not json')).setProtectedHeader({ alg: 'RS256' }).sign(k.rsa.privateKey),
  },
  {
    name: 'unknown critical header',
    reason: 'malformed',
    token: (k) =>
      new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'RS256', crit: ['x-policy'], 'x-policy': 1 })
        .sign(k.rsa.privateKey, { crit: { 'x-policy': true } }),
  },
  { name: 'empty string', reason: 'missing-token', token: async () => '' },
  { name: 'whitespace only', reason: 'missing-token', token: async () => '   ' },
  { name: '10 KB of garbage', reason: 'malformed', token: async () => randomBytes(7680).toString('base64url') },
  {
    name: '3 KB of garbage in three segments',
    reason: 'malformed',
    token: async () => [1, 2, 3].map(() => randomBytes(768).toString('base64url')).join('.'),
  },
  { name: 'oversized but well-formed', reason: 'malformed', token: (k) => mint(k, { pad: 'x'.repeat(9000) }) },
  { name: 'header only', reason: 'malformed', token: async () => b64({ alg: 'RS256', typ: 'JWT' }) },
  { name: 'header and payload, no signature part', reason: 'malformed', token: async () => `${b64({ alg: 'RS256' })}.${b64(validClaims())}` },
  { name: 'undecodable header', reason: 'malformed', token: async () => `%%%.${b64(validClaims())}.c2lnbmF0dXJl` },
];

/** The two ways a browser-reachable client hands the token over, as API Gateway passes them to `$connect`. */
const transports: Record<string, (token: string) => ConnectEventLike> = {
  query: (token) => ({ queryStringParameters: { Authorization: token }, multiValueQueryStringParameters: { Authorization: [token] } }),
  subprotocol: (token) => {
    const offer = `${SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${token}`;
    return { headers: { 'Sec-WebSocket-Protocol': offer }, multiValueHeaders: { 'Sec-WebSocket-Protocol': [offer] } };
  },
};
const matrix = Object.keys(transports).flatMap((transport) => cases.map((c) => ({ ...c, transport })));

function swapAlg(token: string, alg: string): string {
  const [, payload, signature] = token.split('.');
  return `${b64({ alg, typ: 'JWT' })}.${payload}.${signature}`;
}

function everythingAbout(error: unknown): string {
  return [String(error), JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
}

describe('attack matrix (RSA public key, issuer and audience set)', () => {
  let keys: Keys;
  let captured: CapturedLogger;
  let verifier: Verifier;

  beforeAll(async () => {
    const [rsa, strangerRsa] = await Promise.all([generateKeyPairPem('RS256'), generateKeyPairPem('RS256')]);
    const issuer = await createTestIssuer({ keyPair: rsa, issuer: ISS, audience: AUD });
    const stranger = await createTestIssuer({ keyPair: strangerRsa, issuer: ISS, audience: AUD });
    const ecIssuer = await createTestIssuer({ alg: 'ES256', issuer: ISS, audience: AUD });
    keys = { rsa, issuer, stranger, ecIssuer };
    captured = createCapturedLogger();
    verifier = await createVerifier(issuer.config, { logger: captured.logger, clock: { now: () => NOW.getTime() } });
  });

  it('accepts the legitimate token the attacks start from', async () => {
    await expect(verifier.verify(await mint(keys))).resolves.toMatchObject({ userId: 'test-user', tenantId: 'test-tenant' });
  });

  it.each(matrix)('rejects $name as $reason (token in the $transport)', async ({ token: make, reason, claim, transport }) => {
    const token = await make(keys);
    const event = transports[transport]?.(token);
    const before = captured.lines.length;
    const error = await verifier.verify(extractToken(event)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ name: 'AuthError', reason, ...(claim !== undefined && { claim }) });
    const logged = captured.lines.slice(before).map((line) => line.args[1]);
    expect(logged).toContainEqual(expect.objectContaining({ reason }));
    expect(leakedFragments(token, everythingAbout(error))).toEqual([]);
    expect(leakedFragments(token, captured.text())).toEqual([]);
  });

  it.each(Object.keys(transports))('accepts the legitimate token in the %s, and the subprotocol answer echoes the name only', async (transport) => {
    const token = await mint(keys);
    const event = transports[transport]?.(token);
    await expect(verifier.verify(extractToken(event))).resolves.toMatchObject({ userId: 'test-user' });
    const answer = answerSubprotocol(event);
    if (transport === 'subprotocol') expect(answer).toEqual({ kind: 'echo', protocol: SUBPROTOCOL });
    else expect(answer).toEqual({ kind: 'none' });
    expect(leakedFragments(token, JSON.stringify(answer))).toEqual([]);
  });

  it('refuses a subprotocol offer without the protocol name (no answer could omit the token)', async () => {
    const offer = `${TOKEN_SUBPROTOCOL_PREFIX}${await mint(keys)}`;
    expect(answerSubprotocol({ headers: { 'Sec-WebSocket-Protocol': offer } })).toEqual({ kind: 'unsupported' });
  });

  it('takes the bearer value, never the protocol name or a bare value, as the token', async () => {
    const token = await mint(keys);
    expect(extractToken({ headers: { 'sec-websocket-protocol': `${token}, ${SUBPROTOCOL}` } })).toBeUndefined();
    expect(extractToken({ headers: { 'sec-websocket-protocol': `${SUBPROTOCOL},${TOKEN_SUBPROTOCOL_PREFIX}${token}` } })).toBe(token);
  });

  describe('expiry (the socket must stop being served when the token would be refused)', () => {
    const TOLERANCE_SEC = 30; // the verifier's default JWT_CLOCK_TOLERANCE

    it('gives the instant the token stops being accepted: exp plus the clock tolerance', async () => {
      const principal = await verifier.verify(await mint(keys, { exp: NOW_SEC + 600 }));
      expect(principal.acceptedUntil).toBe((NOW_SEC + 600 + TOLERANCE_SEC) * 1000);
    });

    it('accepts a token inside the tolerance, and its acceptedUntil is still ahead of now', async () => {
      const principal = await verifier.verify(await mint(keys, { exp: NOW_SEC - 10 }));
      expect(principal.acceptedUntil).toBeGreaterThan(NOW.getTime());
      expect(principal.acceptedUntil).toBe((NOW_SEC - 10 + TOLERANCE_SEC) * 1000);
    });

    it('refuses the same token at acceptedUntil', async () => {
      const token = await mint(keys, { exp: NOW_SEC + 5 });
      const { acceptedUntil } = await verifier.verify(token);
      const later = await createVerifier(keys.issuer.config, { logger: captured.logger, clock: { now: () => acceptedUntil } });
      await expect(later.verify(token)).rejects.toMatchObject({ reason: 'expired' });
      const justBefore = await createVerifier(keys.issuer.config, { logger: captured.logger, clock: { now: () => acceptedUntil - 1000 } });
      await expect(justBefore.verify(token)).resolves.toMatchObject({ acceptedUntil });
    });
  });

  it('never puts any token of the matrix into a log line or an error', async () => {
    const tokens = await Promise.all(cases.map((c) => c.token(keys)));
    const errors = await Promise.all(tokens.map((token) => verifier.verify(token).catch((err: unknown) => err)));
    const text = [captured.text(), ...errors.map(everythingAbout)].join('\n');
    expect(errors.every((error) => error instanceof AuthError)).toBe(true);
    expect(tokens.flatMap((token) => leakedFragments(token, text))).toEqual([]);
  });
});
