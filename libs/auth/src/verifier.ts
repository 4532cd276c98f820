// createVerifier: validates the config, imports keys (or sets up the cached remote JWKS) once, and
// returns a `verify` to call per connection. Build it once per cold start and reuse it.
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { AuthRejectionReason } from './auth-error';
import type { AuthConfig } from './auth-config';
import { rejection, toAuthError } from './jose-errors';
import { createKeyResolver, type JwksFetchOptions } from './key-resolver';
import { defaultAuthLogger, type AuthLogger } from './logger';
import { principalFromClaims, type Principal } from './principal';
import { resolveAuthConfig, type ResolvedAuthConfig } from './resolve-config';

/** Longest token accepted; longer input is `malformed` without being parsed. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

export interface VerifierOptions {
  /** Receives one line per verification, never the token. Default: Powertools JSON logger. */
  logger?: AuthLogger;
  /** Clock for `exp`/`nbf` checks (tests). Default: the system clock. */
  now?: () => Date;
  /** Remote JWKS tuning (`JWKS_URL` only). */
  jwks?: JwksFetchOptions;
  /** Default `DEFAULT_MAX_TOKEN_LENGTH`. */
  maxTokenLength?: number;
}

export interface Verifier {
  /** Resolves the principal of a valid token; rejects with `AuthError` otherwise. */
  verify(token: string | null | undefined): Promise<Principal>;
}

/**
 * Async so that a bad key fails here, at start-up: rejects with `AuthConfigError` naming the
 * variable (`JWT_PUBLIC_KEY`, `JWKS_URL`, …). A remote JWKS is fetched lazily by the first `verify`
 * and cached by this verifier from then on.
 */
export async function createVerifier(config: AuthConfig, options: VerifierOptions = {}): Promise<Verifier> {
  const resolved = resolveAuthConfig(config);
  const keys = await createKeyResolver(resolved, options.jwks ?? {});
  const logger = options.logger ?? defaultAuthLogger();
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const { now } = options;
  const verifyOptions = joseOptions(resolved, keys.algorithms);
  return {
    async verify(token) {
      try {
        const jwt = presentedToken(token, maxTokenLength);
        const at = now ? { ...verifyOptions, currentDate: now() } : verifyOptions;
        const { payload } = await jwtVerify(jwt, keys.getKey, at);
        const principal = principalFromClaims(payload, resolved.tenantClaim);
        logger.debug('auth: token accepted', { userId: principal.userId, tenantId: principal.tenantId });
        return principal;
      } catch (err) {
        const error = toAuthError(err);
        logRejection(logger, error.reason, error.claim, error.cause);
        throw error;
      }
    },
  };
}

function joseOptions(config: ResolvedAuthConfig, algorithms: string[]): JWTVerifyOptions {
  return {
    algorithms,
    requiredClaims: ['exp'],
    clockTolerance: config.clockToleranceSec,
    ...(config.issuer && { issuer: config.issuer }),
    ...(config.audience && { audience: config.audience }),
  };
}

function presentedToken(token: unknown, maxLength: number): string {
  if (token === undefined || token === null || (typeof token === 'string' && token.trim() === '')) {
    throw rejection('missing-token');
  }
  if (typeof token !== 'string' || token.length > maxLength) throw rejection('malformed');
  return token;
}

const QUIET: ReadonlySet<AuthRejectionReason> = new Set(['missing-token', 'expired', 'not-yet-valid']);
const SERVER_SIDE: ReadonlySet<AuthRejectionReason> = new Set(['jwks-unavailable', 'internal']);

function logRejection(logger: AuthLogger, reason: AuthRejectionReason, claim?: string, cause?: unknown): void {
  const fields = {
    reason,
    ...(claim !== undefined && { claim }),
    ...(cause instanceof errors.JOSEError && { joseCode: cause.code }),
  };
  if (QUIET.has(reason)) logger.debug('auth: token rejected', fields);
  else if (SERVER_SIDE.has(reason)) logger.error('auth: token could not be verified', fields);
  else logger.warn('auth: token rejected', fields);
}
