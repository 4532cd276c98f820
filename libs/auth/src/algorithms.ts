// JWS algorithms the verifier knows. Anything else (including "none") is refused at configuration.
// `resolveAlgorithms` turns the configured list into the allow-list actually used, refusing
// combinations that would allow an algorithm without a key for it (or a key without an algorithm).
import { configError } from './errors';

/** Public-key signature algorithms (verified with JWT_PUBLIC_KEY or JWKS_URL). */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Shared-secret MAC algorithms (verified with JWT_SECRET only). */
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];
export type JwsAlgorithm = AsymmetricAlgorithm | HmacAlgorithm;

/** Allowed by default when a public key or JWKS is configured. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

/** Allowed by default when JWT_SECRET is configured. */
export const DEFAULT_HMAC_ALGORITHMS: readonly HmacAlgorithm[] = ['HS256'];

export function isHmacAlgorithm(alg: string): alg is HmacAlgorithm {
  return (HMAC_ALGORITHMS as readonly string[]).includes(alg);
}

export function isAsymmetricAlgorithm(alg: string): alg is AsymmetricAlgorithm {
  return (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg);
}

export function isKnownAlgorithm(alg: string): alg is JwsAlgorithm {
  return isHmacAlgorithm(alg) || isAsymmetricAlgorithm(alg);
}

export interface AllowedAlgorithms {
  asymmetric: readonly AsymmetricAlgorithm[];
  hmac: readonly HmacAlgorithm[];
}

interface KeyPresence {
  hasPublicKey: boolean;
  hasSecret: boolean;
}

export function resolveAlgorithms(list: readonly string[] | undefined, keys: KeyPresence): AllowedAlgorithms {
  if (list === undefined) {
    return {
      asymmetric: keys.hasPublicKey ? [...DEFAULT_ASYMMETRIC_ALGORITHMS] : [],
      hmac: keys.hasSecret ? [...DEFAULT_HMAC_ALGORITHMS] : [],
    };
  }
  const unique = [...new Set(list)];
  assertKnown(unique);
  const allowed = { asymmetric: unique.filter(isAsymmetricAlgorithm), hmac: unique.filter(isHmacAlgorithm) };
  assertMatchesKeys(allowed, keys);
  return allowed;
}

function assertKnown(list: readonly string[]): void {
  if (list.length === 0) throw configError(['algorithms'], 'JWT_ALGORITHMS must list at least one algorithm');
  const unknown = list.filter((alg) => !isKnownAlgorithm(alg));
  if (unknown.length > 0) {
    throw configError(['algorithms'], `JWT_ALGORITHMS has unsupported algorithm(s): ${unknown.join(', ')}`);
  }
}

function assertMatchesKeys({ asymmetric, hmac }: AllowedAlgorithms, keys: KeyPresence): void {
  if (hmac.length > 0 && !keys.hasSecret) {
    throw configError(['algorithms', 'secret'], `JWT_ALGORITHMS allows ${hmac.join(', ')} but JWT_SECRET is not set`);
  }
  if (asymmetric.length > 0 && !keys.hasPublicKey) {
    throw configError(
      ['algorithms', 'publicKeyPem', 'jwksUrl'],
      `JWT_ALGORITHMS allows ${asymmetric.join(', ')} but neither JWT_PUBLIC_KEY nor JWKS_URL is set`,
    );
  }
  if (keys.hasSecret && hmac.length === 0) {
    throw configError(
      ['algorithms', 'secret'],
      `JWT_SECRET is set but JWT_ALGORITHMS allows none of ${HMAC_ALGORITHMS.join(', ')}`,
    );
  }
  if (keys.hasPublicKey && asymmetric.length === 0) {
    throw configError(
      ['algorithms', 'publicKeyPem', 'jwksUrl'],
      'A public key or JWKS is configured but JWT_ALGORITHMS allows no public-key algorithm',
    );
  }
}
