// What the verifier trusts. `AuthConfig` is plain data: read it with `authConfigFromEnv` (from an
// environment map the caller passes in; the lib never reads `process.env`) or build it by hand.
// `resolveAuthConfig` validates it and fills in defaults, throwing `AuthConfigError` naming the
// variables; the key itself is imported by `createVerifier`.
import type { JSONWebKeySet } from 'jose';
import { type AsymmetricAlgorithm, type HmacAlgorithm, resolveAlgorithms } from './algorithms';
import { configError, variableOf } from './errors';

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

export type EnvMap = Readonly<Record<string, string | undefined>>;

/**
 * Builds the verifier config from `JWT_PUBLIC_KEY` | `JWKS_URL` | `JWT_SECRET`, `JWT_ISSUER`,
 * `JWT_AUDIENCE`, `JWT_TENANT_CLAIM`, `JWT_ALGORITHMS`, `JWT_CLOCK_TOLERANCE`.
 * Empty values count as unset. Throws `AuthConfigError` naming the variable(s) at fault.
 */
export function authConfigFromEnv(env: EnvMap): AuthConfig {
  const config: AuthConfig = {};
  assign(config, 'publicKeyPem', text(env, 'JWT_PUBLIC_KEY'));
  assign(config, 'jwksUrl', text(env, 'JWKS_URL')?.trim());
  assign(config, 'secret', text(env, 'JWT_SECRET'));
  assign(config, 'issuer', list(env, 'JWT_ISSUER'));
  assign(config, 'audience', list(env, 'JWT_AUDIENCE'));
  assign(config, 'tenantClaim', text(env, 'JWT_TENANT_CLAIM')?.trim());
  assign(config, 'algorithms', list(env, 'JWT_ALGORITHMS'));
  assign(config, 'clockToleranceSec', seconds(env, 'JWT_CLOCK_TOLERANCE'));
  resolveAuthConfig(config);
  return config;
}

function assign<K extends keyof AuthConfig>(config: AuthConfig, key: K, value: AuthConfig[K]): void {
  if (value !== undefined) config[key] = value;
}

function text(env: EnvMap, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function list(env: EnvMap, name: string): string[] | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function seconds(env: EnvMap, name: 'JWT_CLOCK_TOLERANCE'): number | undefined {
  const value = text(env, name)?.trim();
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw configError(['clockToleranceSec'], `${name} must be a non-negative number of seconds`);
  }
  return Number(value);
}

export type KeySource =
  | { kind: 'pem'; pem: string }
  | { kind: 'jwks-url'; url: URL }
  | { kind: 'jwks'; jwks: JSONWebKeySet };

export interface ResolvedAuthConfig {
  keySource?: KeySource;
  secret?: Uint8Array;
  asymmetricAlgorithms: readonly AsymmetricAlgorithm[];
  hmacAlgorithms: readonly HmacAlgorithm[];
  issuer?: string[];
  audience?: string[];
  tenantClaim: string;
  clockToleranceSec: number;
}

export function resolveAuthConfig(config: AuthConfig): ResolvedAuthConfig {
  const keySource = resolveKeySource(config);
  const secret = resolveSecret(config.secret);
  if (keySource === undefined && secret === undefined) {
    throw configError(
      ['publicKeyPem', 'jwksUrl', 'secret'],
      'No verification key configured: set JWT_PUBLIC_KEY, JWKS_URL or JWT_SECRET',
    );
  }
  const algorithms = resolveAlgorithms(config.algorithms, {
    hasPublicKey: keySource !== undefined,
    hasSecret: secret !== undefined,
  });
  return {
    keySource,
    secret,
    asymmetricAlgorithms: algorithms.asymmetric,
    hmacAlgorithms: algorithms.hmac,
    issuer: optionalList('issuer', config.issuer),
    audience: optionalList('audience', config.audience),
    tenantClaim: resolveTenantClaim(config.tenantClaim),
    clockToleranceSec: resolveClockTolerance(config.clockToleranceSec),
  };
}

function resolveKeySource(config: AuthConfig): KeySource | undefined {
  const given = (['publicKeyPem', 'jwksUrl', 'jwks'] as const).filter((field) => config[field] !== undefined);
  if (given.length > 1) {
    throw configError(given, `Set only one of ${given.map(variableOf).join(', ')}`);
  }
  if (config.publicKeyPem !== undefined) return { kind: 'pem', pem: normalizePem(config.publicKeyPem) };
  if (config.jwksUrl !== undefined) return { kind: 'jwks-url', url: parseJwksUrl(config.jwksUrl) };
  if (config.jwks !== undefined) return { kind: 'jwks', jwks: config.jwks };
  return undefined;
}

function parseJwksUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw configError(['jwksUrl'], 'JWKS_URL is not a valid URL', cause);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(['jwksUrl'], 'JWKS_URL must be an http or https URL');
  }
  return url;
}

function resolveSecret(secret: string | undefined): Uint8Array | undefined {
  if (secret === undefined) return undefined;
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(secret)) {
    throw configError(
      ['secret'],
      'JWT_SECRET holds a PEM key; asymmetric keys are never used as HMAC secrets (use JWT_PUBLIC_KEY)',
    );
  }
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw configError(['secret'], `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  return bytes;
}

function optionalList(
  field: 'issuer' | 'audience',
  value: string | readonly string[] | undefined,
): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (typeof value === 'string' ? [value] : [...value]).map((item) => item.trim());
  if (list.length === 0 || list.some((item) => item === '')) {
    throw configError([field], `${variableOf(field)} must not contain empty values`);
  }
  return list;
}

function resolveTenantClaim(claim: string | undefined): string {
  if (claim === undefined) return DEFAULT_TENANT_CLAIM;
  if (claim.trim() === '') throw configError(['tenantClaim'], 'JWT_TENANT_CLAIM must not be empty');
  return claim.trim();
}

function resolveClockTolerance(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_CLOCK_TOLERANCE_SEC;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw configError(['clockToleranceSec'], 'JWT_CLOCK_TOLERANCE must be a non-negative number of seconds');
  }
  return seconds;
}

// PEM as environment variables often hold it: quoted, on one line with `\n` escapes, CRLF line
// ends, or with the line breaks lost. Normalised to a canonical PEM SPKI block before import.
const PEM = /^-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function normalizePem(value: string): string {
  const text = unquote(value.trim())
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .trim();
  const body = PEM.exec(text)?.[1]?.replace(/\s+/g, '') ?? '';
  if (!BASE64.test(body)) {
    throw configError(
      ['publicKeyPem'],
      'JWT_PUBLIC_KEY must be a PEM SPKI public key ("-----BEGIN PUBLIC KEY-----" … "-----END PUBLIC KEY-----")',
    );
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----'].join('\n');
}

function unquote(text: string): string {
  const first = text[0];
  if ((first === '"' || first === "'") && text.endsWith(first) && text.length >= 2) return text.slice(1, -1);
  return text;
}
