import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authConfigFromEnv, createVerifier } from '@streamer/auth';
import { authEnvironment, createMinter, DEV_ISSUER, DEV_KEY_FILE, loadOrCreateDevKey, parseTokenArgs, resolveSigner } from './dev-tokens';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('dev key', () => {
  it('is generated once, kept private on disk, and reused', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'streamer-state-')), '.streamer');
    const first = await loadOrCreateDevKey(dir);
    const second = await loadOrCreateDevKey(dir);
    expect(second.privateKeyPem).toBe(first.privateKeyPem);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const file = path.join(dir, DEV_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ alg: 'ES256' });
  });
});

describe('dev tokens', () => {
  const stateDir = () => mkdtempSync(path.join(tmpdir(), 'streamer-state-'));

  it('verify against the JWT_PUBLIC_KEY the Lambdas get, with sub, tenant and a 12 h expiry', async () => {
    const env = {};
    const signer = await resolveSigner(env, stateDir());
    const token = await createMinter(signer, env)({ sub: 'u1', tenant: 't1' });
    const verifier = await createVerifier(authConfigFromEnv(authEnvironment(signer)), { logger: silent });
    const principal = await verifier.verify(token);
    expect(principal).toMatchObject({ userId: 'u1', tenantId: 't1', claims: { iss: DEV_ISSUER } });
    const { exp = 0, iat = 0 } = principal.claims;
    expect(exp - iat).toBe(12 * 60 * 60);
  });

  it('carry the configured issuer, audience and tenant claim, and pass their checks', async () => {
    const env = { JWT_ISSUER: 'https://issuer.example, other', JWT_AUDIENCE: 'streamer', JWT_TENANT_CLAIM: 'org' };
    const signer = await resolveSigner(env, stateDir());
    const token = await createMinter(signer, env)({ sub: 'u2', tenant: 'acme', ttlSeconds: 60 });
    const verifier = await createVerifier(authConfigFromEnv({ ...env, ...authEnvironment(signer) }), { logger: silent });
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'u2', tenantId: 'acme', claims: { iss: 'https://issuer.example', aud: 'streamer' } });
  });

  it('are HS256 with JWT_SECRET, and cannot be minted for an external key', async () => {
    const secretEnv = { JWT_SECRET: 'a-local-secret-that-is-at-least-32-bytes-long' };
    const signer = await resolveSigner(secretEnv, stateDir());
    expect(authEnvironment(signer)).toEqual({});
    const token = await createMinter(signer, secretEnv)({ sub: 'u3', tenant: 't3' });
    const verifier = await createVerifier(authConfigFromEnv(secretEnv), { logger: silent });
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'u3' });

    const external = { JWKS_URL: 'https://issuer.example/.well-known/jwks.json' };
    const externalSigner = await resolveSigner(external, stateDir());
    expect(externalSigner).toEqual({ kind: 'external', variable: 'JWKS_URL' });
    await expect(createMinter(externalSigner, external)({ sub: 'u', tenant: 't' })).rejects.toThrow(/JWKS_URL/);
  });
});

describe('npm run token arguments', () => {
  it('defaults to the dev user and tenant for 12 h', () => {
    expect(parseTokenArgs([])).toEqual({ kind: 'ok', claims: { sub: 'dev-user', tenant: 'dev-tenant', ttlSeconds: 43_200 } });
  });

  it('reads --sub, --tenant and --ttl in both spellings', () => {
    expect(parseTokenArgs(['--sub', 'u1', '--tenant=t1', '--ttl', '1h'])).toEqual({ kind: 'ok', claims: { sub: 'u1', tenant: 't1', ttlSeconds: 3_600 } });
  });

  it('refuses unknown flags, missing values and bad durations', () => {
    expect(parseTokenArgs(['--user', 'u1'])).toMatchObject({ kind: 'error', message: expect.stringContaining('--user') });
    expect(parseTokenArgs(['--sub'])).toMatchObject({ kind: 'error' });
    expect(parseTokenArgs(['--ttl', 'soon'])).toMatchObject({ kind: 'error', message: expect.stringContaining('--ttl') });
    expect(parseTokenArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
