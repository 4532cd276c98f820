// Dev tokens the $connect Lambda accepts: `sub` is the user, the tenant claim (JWT_TENANT_CLAIM,
// default tenant_id) the tenant, with `iss` / `aud` set to the first accepted value when
// JWT_ISSUER / JWT_AUDIENCE are set.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Env, parseDuration } from '@streamer/config';
import { type CryptoKey, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { LocalStackError } from '../util/support';

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

// Who signs dev tokens, decided from the same variables the $connect Lambda reads: with
// JWT_PUBLIC_KEY or JWKS_URL the stack verifies someone else's tokens and cannot mint any; with
// JWT_SECRET tokens are HS256 with that secret; with neither, the stack's ES256 dev key signs them
// and its public key becomes JWT_PUBLIC_KEY.
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

// The local stack's development signing key: an ES256 key pair generated on first use and kept in
// the git-ignored state directory (`.streamer/` at the repo root), so tokens minted by `npm run token`
// keep working across restarts.
export const DEV_KEY_FILE = 'dev-jwt-key.json';

export interface DevKey {
  alg: 'ES256';
  privateKeyPem: string;
  publicKeyPem: string;
  file: string;
}

export async function loadOrCreateDevKey(stateDir: string): Promise<DevKey> {
  const file = path.join(stateDir, DEV_KEY_FILE);
  const existing = readDevKey(file);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key: DevKey = { alg: 'ES256', privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey), file };
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ alg: key.alg, privateKeyPem: key.privateKeyPem, publicKeyPem: key.publicKeyPem, createdAt: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  // Two first starts racing: whoever renamed last wins, and both use the file's key from now on.
  return readDevKey(file) ?? key;
}

function readDevKey(file: string): DevKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DevKey>;
    if (parsed.alg === 'ES256' && typeof parsed.privateKeyPem === 'string' && typeof parsed.publicKeyPem === 'string') {
      return { alg: 'ES256', privateKeyPem: parsed.privateKeyPem, publicKeyPem: parsed.publicKeyPem, file };
    }
  } catch {
    // Reported below.
  }
  throw new LocalStackError(`${file} is not a Streamer dev key: delete it to generate a new one`);
}

// Arguments of `npm run token`: --sub, --tenant, --ttl (a duration: 30m, 12h, 7d, or seconds).
export const TOKEN_USAGE = 'usage: npm run token -- [--sub dev-user] [--tenant dev-tenant] [--ttl 12h]';

export type TokenArgs = { kind: 'ok'; claims: Required<TokenClaims> } | { kind: 'help' } | { kind: 'error'; message: string };

export function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const claims: Required<TokenClaims> = { sub: 'dev-user', tenant: 'dev-tenant', ttlSeconds: DEV_TOKEN_TTL_SECONDS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    if (flag === '--sub') claims.sub = value;
    else if (flag === '--tenant') claims.tenant = value;
    else if (flag === '--ttl') {
      const ms = parseDuration(value);
      if (ms === undefined || ms < 1000) return { kind: 'error', message: `--ttl must be a duration like 30m, 12h or 7d, got "${value}"` };
      claims.ttlSeconds = Math.floor(ms / 1000);
    } else return { kind: 'error', message: `unknown argument ${flag}` };
  }
  return { kind: 'ok', claims };
}
