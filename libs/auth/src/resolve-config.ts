// Validates an `AuthConfig` and fills in defaults. Throws `AuthConfigError` naming the variables.
import type { JSONWebKeySet } from 'jose';
import type { AsymmetricAlgorithm, HmacAlgorithm } from './algorithms';
import {
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_TENANT_CLAIM,
  MIN_SECRET_BYTES,
  type AuthConfig,
} from './auth-config';
import { configError, variableOf } from './config-error';
import { normalizePem } from './pem';
import { resolveAlgorithms } from './resolve-algorithms';

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
