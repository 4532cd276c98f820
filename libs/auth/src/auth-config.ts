// What the verifier trusts. Plain data: build it with `authConfigFromEnv` or by hand.
import type { JSONWebKeySet } from 'jose';

/** Verifier configuration. Each field notes the environment variable `authConfigFromEnv` reads. */
export interface AuthConfig {
  /** PEM SPKI public key (`JWT_PUBLIC_KEY`). A single line with `\n` escapes is accepted. */
  publicKeyPem?: string;
  /** URL of a remote JSON Web Key Set (`JWKS_URL`), http or https. */
  jwksUrl?: string;
  /** An in-memory JSON Web Key Set (code only, no variable), e.g. a test issuer's `jwks`. */
  jwks?: JSONWebKeySet;
  /** Shared secret (`JWT_SECRET`), at least 32 bytes. The only way to enable HMAC algorithms. */
  secret?: string;
  /** Accepted `iss` value(s) (`JWT_ISSUER`). Unset: `iss` is not checked. */
  issuer?: string | readonly string[];
  /** Accepted `aud` value(s) (`JWT_AUDIENCE`). Unset: `aud` is not checked. */
  audience?: string | readonly string[];
  /** Claim holding the tenant id (`JWT_TENANT_CLAIM`). Default `tenant_id`. */
  tenantClaim?: string;
  /**
   * Allowed `alg` values (`JWT_ALGORITHMS`). Default: RS256, ES256, EdDSA when a public key or JWKS is
   * configured, plus HS256 when a secret is.
   */
  algorithms?: readonly string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds (`JWT_CLOCK_TOLERANCE`). Default 30. */
  clockToleranceSec?: number;
}

export const DEFAULT_TENANT_CLAIM = 'tenant_id';
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
/** Shortest accepted `JWT_SECRET`, in bytes (RFC 7518 §3.2: at least the hash size for HS256). */
export const MIN_SECRET_BYTES = 32;

/** Environment variable behind each config field, used to name the variable in error messages. */
export const CONFIG_VARIABLES = {
  publicKeyPem: 'JWT_PUBLIC_KEY',
  jwksUrl: 'JWKS_URL',
  jwks: 'jwks',
  secret: 'JWT_SECRET',
  issuer: 'JWT_ISSUER',
  audience: 'JWT_AUDIENCE',
  tenantClaim: 'JWT_TENANT_CLAIM',
  algorithms: 'JWT_ALGORITHMS',
  clockToleranceSec: 'JWT_CLOCK_TOLERANCE',
} as const satisfies Record<keyof AuthConfig, string>;
