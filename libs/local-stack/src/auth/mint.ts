// Dev tokens the $connect Lambda accepts: `sub` is the user, the tenant claim (JWT_TENANT_CLAIM,
// default tenant_id) the tenant, with `iss` / `aud` set to the first accepted value when
// JWT_ISSUER / JWT_AUDIENCE are set.
import type { Env } from '@streamer/config';
import { type CryptoKey, importPKCS8, SignJWT } from 'jose';
import { LocalStackError } from '../util/errors';
import type { TokenSigner } from './signing';

export const DEV_ISSUER = 'streamer-local';
export const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface TokenClaims {
  sub: string;
  tenant: string;
  ttlSeconds?: number;
}

export type TokenMinter = (claims: TokenClaims) => Promise<string>;

export function createMinter(signer: TokenSigner, env: Env): TokenMinter {
  if (signer.kind === 'external') {
    return () => Promise.reject(new LocalStackError(`The stack verifies tokens against ${signer.variable}: mint them with that key's issuer`));
  }
  const tenantClaim = env['JWT_TENANT_CLAIM']?.trim() || 'tenant_id';
  const issuer = firstOf(env['JWT_ISSUER']) ?? DEV_ISSUER;
  const audience = firstOf(env['JWT_AUDIENCE']);
  let key: Promise<CryptoKey | Uint8Array> | undefined;
  const signingKey = (): Promise<CryptoKey | Uint8Array> =>
    (key ??= signer.kind === 'dev-key' ? importPKCS8(signer.key.privateKeyPem, 'ES256') : Promise.resolve(new TextEncoder().encode(signer.secret)));
  const alg = signer.kind === 'dev-key' ? 'ES256' : 'HS256';
  return async ({ sub, tenant, ttlSeconds = DEV_TOKEN_TTL_SECONDS }) => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ [tenantClaim]: tenant })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds);
    if (audience) jwt.setAudience(audience);
    return jwt.sign(await signingKey());
  };
}

function firstOf(list: string | undefined): string | undefined {
  return list?.split(',').map((item) => item.trim()).find((item) => item !== '');
}
