import { authConfigFromEnv, type EnvMap } from './config';
import { AuthConfigError } from './errors';
import { createCapturedLogger } from './testing/captured-logger';
import { generateKeyPairPem, type TestKeyPair } from './testing/key-pair';
import { createVerifier } from './verifier';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';

function configErrorOf(run: () => unknown): AuthConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof AuthConfigError) return err;
    throw err;
  }
  throw new Error('expected an AuthConfigError');
}

describe('authConfigFromEnv', () => {
  let ec: TestKeyPair;

  beforeAll(async () => {
    ec = await generateKeyPairPem('ES256');
  });

  it('reads every variable', () => {
    const env: EnvMap = {
      JWKS_URL: ' https://idp.test/.well-known/jwks.json ',
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'https://idp.test/, https://old-idp.test/',
      JWT_AUDIENCE: 'streamer-api,streamer-admin,',
      JWT_TENANT_CLAIM: 'org_id',
      JWT_ALGORITHMS: 'RS256, ES256, HS256',
      JWT_CLOCK_TOLERANCE: '5',
      UNRELATED: 'ignored',
    };
    expect(authConfigFromEnv(env)).toEqual({
      jwksUrl: 'https://idp.test/.well-known/jwks.json',
      secret: SECRET,
      issuer: ['https://idp.test/', 'https://old-idp.test/'],
      audience: ['streamer-api', 'streamer-admin'],
      tenantClaim: 'org_id',
      algorithms: ['RS256', 'ES256', 'HS256'],
      clockToleranceSec: 5,
    });
  });

  it('treats empty values as unset', () => {
    expect(authConfigFromEnv({ JWT_PUBLIC_KEY: ec.publicKeyPem, JWT_ISSUER: '', JWT_AUDIENCE: '  ' })).toEqual({
      publicKeyPem: ec.publicKeyPem,
    });
  });

  it('names all three key variables when none is set', () => {
    const error = configErrorOf(() => authConfigFromEnv({ JWT_PUBLIC_KEY: '', JWT_ISSUER: 'https://idp.test/' }));
    expect(error).toMatchObject({ name: 'AuthConfigError', reason: 'invalid-config' });
    expect(error.variables).toEqual(['JWT_PUBLIC_KEY', 'JWKS_URL', 'JWT_SECRET']);
    expect(error.message).toMatch(/JWT_PUBLIC_KEY.*JWKS_URL.*JWT_SECRET/);
  });

  it('never falls back to process.env', () => {
    const saved = process.env['JWT_SECRET'];
    process.env['JWT_SECRET'] = SECRET;
    try {
      expect(() => authConfigFromEnv({})).toThrow(AuthConfigError);
    } finally {
      if (saved === undefined) delete process.env['JWT_SECRET'];
      else process.env['JWT_SECRET'] = saved;
    }
  });

  it.each<[string, EnvMap, string[]]>([
    ['a non-http JWKS_URL', { JWKS_URL: 'ftp://idp.test/jwks.json' }, ['JWKS_URL']],
    ['an unparsable JWKS_URL', { JWKS_URL: 'not a url' }, ['JWKS_URL']],
    ['a key that is not PEM', { JWT_PUBLIC_KEY: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' }, ['JWT_PUBLIC_KEY']],
    ['both a key and a JWKS_URL', { JWT_PUBLIC_KEY: 'x', JWKS_URL: 'https://idp.test/jwks' }, ['JWT_PUBLIC_KEY', 'JWKS_URL']],
    ['a PEM key as JWT_SECRET', { JWT_SECRET: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----' }, ['JWT_SECRET']],
    ['a short JWT_SECRET', { JWT_SECRET: 'too-short' }, ['JWT_SECRET']],
    ['an unknown algorithm', { JWT_SECRET: SECRET, JWT_ALGORITHMS: 'HS256,none' }, ['JWT_ALGORITHMS']],
    ['HS256 without a secret', { JWKS_URL: 'https://idp.test/jwks', JWT_ALGORITHMS: 'RS256,HS256' }, ['JWT_ALGORITHMS', 'JWT_SECRET']],
    ['RS256 with no public key', { JWT_SECRET: SECRET, JWT_ALGORITHMS: 'HS256,RS256' }, ['JWT_ALGORITHMS', 'JWT_PUBLIC_KEY', 'JWKS_URL']],
    ['a secret with no HMAC algorithm', { JWKS_URL: 'https://idp.test/jwks', JWT_SECRET: SECRET, JWT_ALGORITHMS: 'RS256' }, ['JWT_ALGORITHMS', 'JWT_SECRET']],
    ['an empty algorithm list', { JWT_SECRET: SECRET, JWT_ALGORITHMS: ' , ' }, ['JWT_ALGORITHMS']],
    ['a non-numeric tolerance', { JWT_SECRET: SECRET, JWT_CLOCK_TOLERANCE: '30s' }, ['JWT_CLOCK_TOLERANCE']],
    ['a negative tolerance', { JWT_SECRET: SECRET, JWT_CLOCK_TOLERANCE: '-1' }, ['JWT_CLOCK_TOLERANCE']],
    ['an empty issuer list', { JWT_SECRET: SECRET, JWT_ISSUER: ',' }, ['JWT_ISSUER']],
  ])('rejects %s up front, naming the variable', (_name, env, variables) => {
    const error = configErrorOf(() => authConfigFromEnv(env));
    expect(error.variables).toEqual(variables);
    expect(error.message).toContain(variables[0]);
  });

  it('does not echo a rejected secret in the error', () => {
    const error = configErrorOf(() => authConfigFromEnv({ JWT_SECRET: 'short-but-secret' }));
    expect(JSON.stringify(error)).not.toContain('short-but-secret');
    expect(error.message).not.toContain('short-but-secret');
  });
});

describe('createVerifier key import', () => {
  const logger = createCapturedLogger().logger;

  it('fails at creation, naming JWT_PUBLIC_KEY, when the PEM body is not a key', async () => {
    const config = authConfigFromEnv({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----' });
    const creation = createVerifier(config, { logger });
    await expect(creation).rejects.toBeInstanceOf(AuthConfigError);
    await expect(creation).rejects.toMatchObject({ message: expect.stringContaining('JWT_PUBLIC_KEY') });
  });

  it('fails at creation when the key fits none of the allowed algorithms', async () => {
    const rsa = await generateKeyPairPem('RS256');
    const config = authConfigFromEnv({ JWT_PUBLIC_KEY: rsa.publicKeyPem, JWT_ALGORITHMS: 'ES256,EdDSA' });
    await expect(createVerifier(config, { logger })).rejects.toMatchObject({
      name: 'AuthConfigError',
      variables: ['JWT_PUBLIC_KEY', 'JWT_ALGORITHMS'],
    });
  });

  it('validates a hand-built config the same way', async () => {
    await expect(createVerifier({ jwksUrl: 'file:///etc/jwks.json' }, { logger })).rejects.toMatchObject({
      variables: ['JWKS_URL'],
    });
    await expect(createVerifier({ jwks: { keys: 'none' } as never }, { logger })).rejects.toMatchObject({
      variables: ['jwks'],
    });
  });
});
