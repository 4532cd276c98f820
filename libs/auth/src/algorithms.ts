// JWS algorithms the verifier knows. Anything else (including "none") is refused at configuration.

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
