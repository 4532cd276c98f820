// Imports a PEM SPKI public key once per allowed algorithm it fits (an RSA key fits RS256 but not
// ES256; a P-256 key fits ES256 only). A key that fits none of them is a configuration error.
import { importSPKI, type CryptoKey, type JWSHeaderParameters } from 'jose';
import { configError } from './config-error';
import { rejection } from './jose-errors';

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
