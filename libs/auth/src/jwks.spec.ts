import { authConfigFromEnv } from './config';
import { createCapturedLogger } from './testing/captured-logger';
import { startJwksServer, type JwksServer } from './test-support/jwks-server';
import { createTestIssuer, type TestIssuer } from './testing/test-issuer';
import { leakedFragments } from './testing/token-leaks';
import { createVerifier, type VerifierOptions } from './verifier';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('JWKS key sources', () => {
  let current: TestIssuer;
  let next: TestIssuer;
  let server: JwksServer;
  const options = (extra: VerifierOptions = {}): VerifierOptions => ({
    logger: createCapturedLogger().logger,
    clock: { now: () => NOW.getTime() },
    ...extra,
  });

  beforeAll(async () => {
    current = await createTestIssuer({ alg: 'ES256', kid: 'key-2026-01' });
    next = await createTestIssuer({ alg: 'ES256', kid: 'key-2026-02' });
    server = await startJwksServer(current.jwks);
  });

  afterAll(() => server.close());

  beforeEach(() => server.setJwks(current.jwks));

  it('verifies a token against the remote key set from JWKS_URL', async () => {
    const verifier = await createVerifier(authConfigFromEnv({ JWKS_URL: server.url }), options());
    await expect(verifier.verify(await current.mint({ sub: 'remote-user' }, { now: NOW }))).resolves.toMatchObject({
      userId: 'remote-user',
    });
  });

  it('fetches the key set once and reuses it across verifications', async () => {
    const before = server.requestCount();
    const verifier = await createVerifier({ jwksUrl: server.url }, options());
    expect(server.requestCount()).toBe(before);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((n) => current.mint({ sub: `u${n}` }, { now: NOW })));
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    for (const token of tokens) await verifier.verify(token);
    expect(server.requestCount() - before).toBe(1);
  });

  it('rejects a token whose kid is not in the set as unknown-key, without logging the token', async () => {
    const captured = createCapturedLogger();
    const verifier = await createVerifier({ jwksUrl: server.url }, options({ logger: captured.logger }));
    const token = await next.mint({}, { now: NOW });
    const error: unknown = await verifier.verify(token).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'AuthError', reason: 'unknown-key' });
    expect(captured.lines).toContainEqual({
      level: 'warn',
      args: ['auth: token rejected', { reason: 'unknown-key', joseCode: 'ERR_JWKS_NO_MATCHING_KEY' }],
    });
    expect(leakedFragments(token, `${captured.text()}\n${JSON.stringify(error)}\n${String(error)}`)).toEqual([]);
  });

  it('refetches on an unknown kid after the cooldown, picking up a rotated key', async () => {
    const verifier = await createVerifier({ jwksUrl: server.url }, options({ jwks: { cooldownMs: 0 } }));
    await verifier.verify(await current.mint({}, { now: NOW }));
    server.setJwks({ keys: [...current.jwks.keys, ...next.jwks.keys] });
    await expect(verifier.verify(await next.mint({ sub: 'rotated' }, { now: NOW }))).resolves.toMatchObject({
      userId: 'rotated',
    });
  });

  it('rejects a token without kid when several keys could match', async () => {
    server.setJwks({ keys: [...current.jwks.keys, ...next.jwks.keys] });
    const verifier = await createVerifier({ jwksUrl: server.url }, options());
    await expect(verifier.verify(await current.mint({}, { now: NOW, kid: null }))).rejects.toMatchObject({
      reason: 'unknown-key',
    });
  });

  it('reports an unreachable or failing key set as jwks-unavailable, logged as an error', async () => {
    const gone = await startJwksServer(current.jwks);
    await gone.close();
    const captured = createCapturedLogger();
    const token = await current.mint({}, { now: NOW });
    for (const jwksUrl of [gone.url, server.url.replace('jwks.json', 'missing.json')]) {
      const verifier = await createVerifier({ jwksUrl }, options({ logger: captured.logger }));
      await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'jwks-unavailable' });
    }
    expect(captured.lines.map((line) => line.level)).toEqual(['error', 'error']);
  });

  it('verifies against an in-memory key set (config.jwks)', async () => {
    const verifier = await createVerifier({ jwks: current.jwks }, options());
    await expect(verifier.verify(await current.mint({}, { now: NOW }))).resolves.toMatchObject({ userId: 'test-user' });
    await expect(verifier.verify(await next.mint({}, { now: NOW }))).rejects.toMatchObject({ reason: 'unknown-key' });
  });
});
