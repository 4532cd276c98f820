// Turns the configured `algorithms` into the allow-list actually used, refusing combinations that
// would allow an algorithm without a key for it (or a key without an algorithm).
import {
  DEFAULT_ASYMMETRIC_ALGORITHMS,
  DEFAULT_HMAC_ALGORITHMS,
  HMAC_ALGORITHMS,
  isAsymmetricAlgorithm,
  isHmacAlgorithm,
  isKnownAlgorithm,
  type AsymmetricAlgorithm,
  type HmacAlgorithm,
} from './algorithms';
import { configError } from './config-error';

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
