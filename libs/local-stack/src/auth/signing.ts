// Who signs dev tokens, decided from the same variables the $connect Lambda reads: with
// JWT_PUBLIC_KEY or JWKS_URL the stack verifies someone else's tokens and cannot mint any; with
// JWT_SECRET tokens are HS256 with that secret; with neither, the stack's ES256 dev key signs them
// and its public key becomes JWT_PUBLIC_KEY.
import type { Env } from '@streamer/config';
import { type DevKey, loadOrCreateDevKey } from './dev-key';

export type TokenSigner =
  | { kind: 'dev-key'; key: DevKey }
  | { kind: 'secret'; secret: string }
  | { kind: 'external'; variable: 'JWT_PUBLIC_KEY' | 'JWKS_URL' };

export async function resolveSigner(env: Env, stateDir: string): Promise<TokenSigner> {
  if (isSet(env['JWT_PUBLIC_KEY'])) return { kind: 'external', variable: 'JWT_PUBLIC_KEY' };
  if (isSet(env['JWKS_URL'])) return { kind: 'external', variable: 'JWKS_URL' };
  const secret = env['JWT_SECRET'];
  if (isSet(secret)) return { kind: 'secret', secret: secret as string };
  return { kind: 'dev-key', key: await loadOrCreateDevKey(stateDir) };
}

/** The auth variables the Lambdas get: the dev key's public half when the stack signs with it. */
export function authEnvironment(signer: TokenSigner): Env {
  return signer.kind === 'dev-key' ? { JWT_PUBLIC_KEY: signer.key.publicKeyPem } : {};
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
