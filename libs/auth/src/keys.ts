// The verification keys. The key is chosen by the token's (already allow-listed) algorithm: HMAC
// algorithms get the configured secret and nothing else; public-key algorithms get the PEM key imported
// for that algorithm, or a key from the JWKS. A public key can therefore never be used as an HMAC secret.
// A PEM key is imported once per allowed algorithm it fits (an RSA key fits RS256 but not ES256; a P-256
// key fits ES256 only); a key that fits none of them is a configuration error.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importSPKI,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from 'jose';
import { isHmacAlgorithm } from './algorithms';
import type { KeySource, ResolvedAuthConfig } from './config';
import { configError, rejection } from './errors';

/** Tuning of the remote JWKS (`JWKS_URL`); jose's defaults apply to anything unset. */
export interface JwksFetchOptions {
  /** Fetch timeout. jose default 5 000 ms. */
  timeoutMs?: number;
  /** Minimum time between refetches caused by an unknown `kid`. jose default 30 000 ms. */
  cooldownMs?: number;
  /** Age after which the cached set is refetched. jose default 600 000 ms. */
  cacheMaxAgeMs?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

type GetKey = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | Uint8Array>;

export interface KeyResolver {
  /** The allow-list handed to jose: algorithms for which a key is actually configured. */
  algorithms: string[];
  getKey: GetKey;
}

export async function createKeyResolver(config: ResolvedAuthConfig, jwks: JwksFetchOptions): Promise<KeyResolver> {
  const publicKeys = config.keySource
    ? await publicKeyLookup(config.keySource, config.asymmetricAlgorithms, jwks)
    : { algorithms: [], getKey: noPublicKey };
  const { secret } = config;
  const hmacAlgorithms: string[] = secret ? [...config.hmacAlgorithms] : [];
  return {
    algorithms: [...publicKeys.algorithms, ...hmacAlgorithms],
    getKey: async (header, token) => {
      if (isHmacAlgorithm(header.alg ?? '')) {
        if (secret && hmacAlgorithms.includes(header.alg ?? '')) return secret;
        throw rejection('alg-not-allowed');
      }
      return publicKeys.getKey(header, token);
    },
  };
}

async function publicKeyLookup(
  source: KeySource,
  algorithms: readonly string[],
  options: JwksFetchOptions,
): Promise<KeyResolver> {
  if (source.kind === 'pem') return importPemForAlgorithms(source.pem, algorithms);
  return { algorithms: [...algorithms], getKey: guardKeySet(keySetOf(source, options)) };
}

function keySetOf(source: Exclude<KeySource, { kind: 'pem' }>, options: JwksFetchOptions): GetKey {
  if (source.kind === 'jwks-url') {
    return createRemoteJWKSet(source.url, {
      ...(options.timeoutMs !== undefined && { timeoutDuration: options.timeoutMs }),
      ...(options.cooldownMs !== undefined && { cooldownDuration: options.cooldownMs }),
      ...(options.cacheMaxAgeMs !== undefined && { cacheMaxAge: options.cacheMaxAgeMs }),
      ...(options.headers !== undefined && { headers: options.headers }),
    });
  }
  try {
    return createLocalJWKSet(source.jwks);
  } catch (cause) {
    throw configError(['jwks'], 'config.jwks is not a valid JSON Web Key Set', cause);
  }
}

/** Key-set failures that are not the token's fault (network, timeout, bad set) become `jwks-unavailable`. */
function guardKeySet(keySet: GetKey): GetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
      throw rejection('jwks-unavailable', { cause: err });
    }
  };
}

async function noPublicKey(): Promise<never> {
  throw rejection('alg-not-allowed');
}

export interface PemKeys {
  /** The allowed algorithms this key can verify. */
  algorithms: string[];
  getKey: (header: JWSHeaderParameters) => Promise<CryptoKey>;
}

export async function importPemForAlgorithms(pem: string, algorithms: readonly string[]): Promise<PemKeys> {
  const keys = new Map<string, CryptoKey>();
  let firstError: unknown;
  for (const alg of algorithms) {
    try {
      keys.set(alg, await importSPKI(pem, alg));
    } catch (err) {
      firstError ??= err;
    }
  }
  if (keys.size === 0) {
    throw configError(
      ['publicKeyPem', 'algorithms'],
      `JWT_PUBLIC_KEY could not be imported as a public key for any allowed algorithm (${algorithms.join(', ')})`,
      firstError,
    );
  }
  return {
    algorithms: [...keys.keys()],
    getKey: async (header) => {
      const key = keys.get(header.alg ?? '');
      if (key === undefined) throw rejection('alg-not-allowed');
      return key;
    },
  };
}
