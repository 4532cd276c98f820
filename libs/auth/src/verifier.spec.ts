import { SignJWT } from 'jose';
import { authConfigFromEnv, type AuthConfig } from './config';
import { createCapturedLogger } from './testing/captured-logger';
import { generateKeyPairPem, type TestKeyPair } from './testing/key-pair';
import { createTestIssuer, type TestClaims, type TestIssuer } from './testing/test-issuer';
import { createVerifier, type VerifierOptions } from './verifier';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const quiet = (): VerifierOptions => ({ logger: createCapturedLogger().logger, clock: { now: () => NOW.getTime() } });

async function verifyWith(config: AuthConfig, token: string) {
  const verifier = await createVerifier(config, quiet());
  return verifier.verify(token);
}

function signHs(alg: 'HS256' | 'HS512', claims: TestClaims, secret = SECRET): Promise<string> {
  const payload = { sub: 'hmac-user', tenant_id: 'hmac-tenant', exp: NOW_SEC + 60, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

describe('createVerifier happy paths', () => {
  let rsa: TestKeyPair;
  let rsaIssuer: TestIssuer;

  beforeAll(async () => {
    rsa = await generateKeyPairPem('RS256');
    rsaIssuer = await createTestIssuer({ keyPair: rsa });
  });

  it('verifies RS256 and returns user, tenant, when the token stops being accepted, and claims', async () => {
    const token = await rsaIssuer.mint({ sub: 'user-7', tenant_id: 'acme', role: 'admin' }, { now: NOW });
    const principal = await verifyWith(rsaIssuer.config, token);
    expect(principal).toEqual({
      userId: 'user-7',
      tenantId: 'acme',
      // mint's exp (1 h after NOW) plus the default 30 s clock tolerance
      acceptedUntil: (NOW_SEC + 3_600 + 30) * 1000,
      claims: expect.objectContaining({ sub: 'user-7', tenant_id: 'acme', role: 'admin' }),
    });
  });

  it.each(['ES256', 'EdDSA'] as const)('verifies %s', async (alg) => {
    const issuer = await createTestIssuer({ alg });
    const token = await issuer.mint({ sub: `user-${alg}` }, { now: NOW });
    await expect(verifyWith(issuer.config, token)).resolves.toMatchObject({ userId: `user-${alg}` });
  });

  it('accepts a single-line PEM with \\n escapes, as env vars hold it', async () => {
    const escaped = rsa.publicKeyPem.trim().replace(/\n/g, '\\n');
    const config = authConfigFromEnv({ JWT_PUBLIC_KEY: escaped });
    const token = await rsaIssuer.mint({}, { now: NOW });
    await expect(verifyWith(config, token)).resolves.toMatchObject({ userId: 'test-user' });
  });

  it('reads the tenant from a configured claim', async () => {
    const claim = 'https://streamer.test/tenant';
    const token = await rsaIssuer.mint({ tenant_id: undefined, [claim]: 'namespaced' }, { now: NOW });
    await expect(verifyWith({ ...rsaIssuer.config, tenantClaim: claim }, token)).resolves.toMatchObject({
      tenantId: 'namespaced',
    });
    await expect(verifyWith(rsaIssuer.config, token)).rejects.toMatchObject({ reason: 'missing-claim' });
  });

  it('accepts any of several issuers and audiences', async () => {
    const config = { ...rsaIssuer.config, issuer: ['https://a.test', 'https://b.test'], audience: ['api', 'admin'] };
    const token = await rsaIssuer.mint({ iss: 'https://b.test', aud: ['other', 'admin'] }, { now: NOW });
    await expect(verifyWith(config, token)).resolves.toMatchObject({ userId: 'test-user' });
    const stranger = await rsaIssuer.mint({ iss: 'https://c.test', aud: 'api' }, { now: NOW });
    await expect(verifyWith(config, stranger)).rejects.toMatchObject({ reason: 'wrong-issuer' });
  });

  it.each([
    ['passes a token expired 10 s ago (default tolerance 30 s)', { exp: NOW_SEC - 10 }, undefined, null],
    ['rejects a token expired 40 s ago', { exp: NOW_SEC - 40 }, undefined, 'expired'],
    ['passes a token valid from 10 s ahead', { nbf: NOW_SEC + 10 }, undefined, null],
    ['rejects a token valid from 40 s ahead', { nbf: NOW_SEC + 40 }, undefined, 'not-yet-valid'],
    ['rejects a token expired 10 s ago with tolerance 0', { exp: NOW_SEC - 10 }, 0, 'expired'],
    ['passes a token expired 100 s ago with tolerance 120', { exp: NOW_SEC - 100 }, 120, null],
  ])('clock tolerance: %s', async (_name, claims, clockToleranceSec, reason) => {
    const config = { ...rsaIssuer.config, ...(clockToleranceSec !== undefined && { clockToleranceSec }) };
    const result = verifyWith(config, await rsaIssuer.mint(claims, { now: NOW }));
    if (reason === null) await expect(result).resolves.toMatchObject({ userId: 'test-user' });
    else await expect(result).rejects.toMatchObject({ reason });
  });

  it('checks expiry against the injected clock, not the system clock', async () => {
    const token = await rsaIssuer.mint({}, { now: NOW });
    const later = await createVerifier(rsaIssuer.config, { ...quiet(), clock: { now: () => NOW.getTime() + 7_200_000 } });
    await expect(later.verify(token)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('logs an accepted token at debug with user and tenant only', async () => {
    const captured = createCapturedLogger();
    const verifier = await createVerifier(rsaIssuer.config, { logger: captured.logger, clock: { now: () => NOW.getTime() } });
    await verifier.verify(await rsaIssuer.mint({}, { now: NOW }));
    expect(captured.lines).toEqual([
      { level: 'debug', args: ['auth: token accepted', { userId: 'test-user', tenantId: 'test-tenant' }] },
    ]);
  });

  describe('HS256 with an explicit secret', () => {
    it('verifies HS256 when JWT_SECRET is configured', async () => {
      await expect(verifyWith({ secret: SECRET }, await signHs('HS256', {}))).resolves.toMatchObject({
        userId: 'hmac-user',
        tenantId: 'hmac-tenant',
      });
    });

    it('rejects HS512 unless allowed, and a token signed with another secret', async () => {
      await expect(verifyWith({ secret: SECRET }, await signHs('HS512', {}))).rejects.toMatchObject({
        reason: 'alg-not-allowed',
      });
      const forged = await signHs('HS256', {}, 'another-secret-that-is-also-32-bytes-long');
      await expect(verifyWith({ secret: SECRET }, forged)).rejects.toMatchObject({ reason: 'bad-signature' });
    });

    it('with a public key as well, takes RS256 and HS256 but never the public key as HMAC secret', async () => {
      const config = { ...rsaIssuer.config, secret: SECRET };
      await expect(verifyWith(config, await rsaIssuer.mint({}, { now: NOW }))).resolves.toMatchObject({
        userId: 'test-user',
      });
      await expect(verifyWith(config, await signHs('HS256', {}))).resolves.toMatchObject({ userId: 'hmac-user' });
      const forged = await signHs('HS256', {}, rsa.publicKeyPem);
      await expect(verifyWith(config, forged)).rejects.toMatchObject({ reason: 'bad-signature' });
    });

    it('without a secret, refuses HS256 even when the algorithm is listed', async () => {
      await expect(createVerifier({ ...rsaIssuer.config, algorithms: ['RS256', 'HS256'] })).rejects.toMatchObject({
        name: 'AuthConfigError',
        variables: ['JWT_ALGORITHMS', 'JWT_SECRET'],
      });
    });
  });
});
