// A token issuer for tests: one key pair, its PEM and JWKS, a matching verifier config, and `mint`.
import { exportJWK, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { type AuthConfig, DEFAULT_TENANT_CLAIM } from '../config';
import { generateKeyPairPem, type TestAlgorithm, type TestKeyPair } from './key-pair';

export interface TestIssuerOptions {
  /** Default ES256. */
  alg?: TestAlgorithm;
  /** Put into `iss` of every minted token and into `config.issuer`. */
  issuer?: string;
  /** Put into `aud` of every minted token and into `config.audience`. */
  audience?: string;
  /** `kid` of the key in the header and in `jwks`. Default `test-key-1`. */
  kid?: string;
  /** Claim that carries the tenant. Default `tenant_id`. */
  tenantClaim?: string;
  /** Reuse a key pair (e.g. one RSA pair for a whole test file). */
  keyPair?: TestKeyPair;
}

/** Claims to put in a token; a claim set to `undefined` is left out (e.g. `{sub: undefined}`). */
export type TestClaims = { [claim: string]: unknown };

export interface MintOptions {
  /** Clock for the default `iat`/`exp`. Default: now. */
  now?: Date;
  /** Override the header `kid`; `null` leaves it out. */
  kid?: string | null;
}

export interface TestIssuer {
  alg: TestAlgorithm;
  kid: string;
  publicKeyPem: string;
  keyPair: TestKeyPair;
  /** JWKS holding the public key (with `kid`, `alg`, `use: "sig"`). */
  jwks: JSONWebKeySet;
  /** A verifier config that trusts this issuer by its PEM (plus issuer/audience when set). */
  config: AuthConfig;
  /**
   * A signed token. Defaults: `sub` "test-user", tenant "test-tenant", `iat` now, `exp` in one hour,
   * `iss`/`aud` from the options; `claims` override them.
   */
  mint(claims?: TestClaims, options?: MintOptions): Promise<string>;
}

export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const keyPair = options.keyPair ?? (await generateKeyPairPem(options.alg ?? 'ES256'));
  const { alg, publicKeyPem } = keyPair;
  const kid = options.kid ?? 'test-key-1';
  const jwk = { ...(await exportJWK(keyPair.publicKey)), kid, alg, use: 'sig' };
  const config: AuthConfig = {
    publicKeyPem,
    ...(options.issuer !== undefined && { issuer: options.issuer }),
    ...(options.audience !== undefined && { audience: options.audience }),
    ...(options.tenantClaim !== undefined && { tenantClaim: options.tenantClaim }),
  };
  const defaults = { iss: options.issuer, aud: options.audience, tenantClaim: options.tenantClaim };
  return {
    alg,
    kid,
    publicKeyPem,
    keyPair,
    jwks: { keys: [jwk] },
    config,
    mint: (claims = {}, mintOptions = {}) => {
      const payload = withoutUndefined({ ...defaultClaims(defaults, mintOptions.now), ...claims });
      const headerKid = mintOptions.kid === undefined ? kid : mintOptions.kid;
      const header = { alg, typ: 'JWT', ...(headerKid !== null && { kid: headerKid }) };
      return new SignJWT(payload).setProtectedHeader(header).sign(keyPair.privateKey);
    },
  };
}

function defaultClaims(
  options: { iss: string | undefined; aud: string | undefined; tenantClaim: string | undefined },
  now: Date = new Date(),
): TestClaims {
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    sub: 'test-user',
    [options.tenantClaim ?? DEFAULT_TENANT_CLAIM]: 'test-tenant',
    iss: options.iss,
    aud: options.aud,
    iat: seconds,
    exp: seconds + 3600,
  };
}

function withoutUndefined(claims: TestClaims): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}
