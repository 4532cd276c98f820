// Key pairs for tests, as CryptoKeys and as PEM.
import { exportPKCS8, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';

export type TestAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

export interface TestKeyPair {
  alg: TestAlgorithm;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
  /** SPKI PEM, what `JWT_PUBLIC_KEY` holds. */
  publicKeyPem: string;
  /** PKCS #8 PEM of the private key. */
  privateKeyPem: string;
}

/** A fresh key pair for `alg`. RSA (2048-bit) is slow: generate once per test file. */
export async function generateKeyPairPem(alg: TestAlgorithm = 'ES256'): Promise<TestKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return {
    alg,
    publicKey,
    privateKey,
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
  };
}
