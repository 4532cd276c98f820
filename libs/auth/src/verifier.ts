// From a token to who is connecting (`extractToken` in transports.ts finds it in the event); `createVerifier`
// validates the config, imports keys (or sets up the cached remote JWKS) once, and returns a `verify` to
// call per connection (build it once per cold start and reuse it); a verified token speaks for a
// `Principal`: `sub` is the user, the tenant comes from the configured claim.
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Clock, Logger } from '@streamer/kernel';
import { createLogger } from '@streamer/kernel/node';
import { type AuthConfig, resolveAuthConfig, type ResolvedAuthConfig } from './config';
import { type AuthRejectionReason, rejection, toAuthError } from './errors';
import { createKeyResolver, type JwksFetchOptions } from './keys';

/** Longest token accepted; longer input is `malformed` without being parsed. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

export interface VerifierOptions {
  /** Receives one line per verification, never the token. Default: `createLogger('streamer-auth')` (Powertools JSON). */
  logger?: Logger;
  /** Clock for `exp`/`nbf` checks (tests). Default: the system clock. */
  clock?: Clock;
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
  const logger = options.logger ?? createLogger('streamer-auth');
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const { clock } = options;
  const verifyOptions = joseOptions(resolved, keys.algorithms);
  return {
    async verify(token) {
      try {
        const jwt = presentedToken(token, maxTokenLength);
        const at = clock ? { ...verifyOptions, currentDate: new Date(clock.now()) } : verifyOptions;
        const { payload } = await jwtVerify(jwt, keys.getKey, at);
        const principal = principalFromClaims(payload, resolved.tenantClaim, resolved.clockToleranceSec);
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

function logRejection(logger: Logger, reason: AuthRejectionReason, claim?: string, cause?: unknown): void {
  const fields = {
    reason,
    ...(claim !== undefined && { claim }),
    ...(cause instanceof errors.JOSEError && { joseCode: cause.code }),
  };
  if (QUIET.has(reason)) logger.debug('auth: token rejected', fields);
  else if (SERVER_SIDE.has(reason)) logger.error('auth: token could not be verified', fields);
  else logger.warn('auth: token rejected', fields);
}

export interface Principal {
  userId: string;
  tenantId: string;
  /**
   * Epoch ms from which this verifier refuses the token: its `exp` plus the clock tolerance. A socket
   * opened with it must stop being served then (the router enforces it on every frame).
   */
  acceptedUntil: number;
  /** Every claim of the verified token. */
  claims: JWTPayload;
}

export function principalFromClaims(claims: JWTPayload, tenantClaim: string, clockToleranceSec = 0): Principal {
  return {
    userId: requireText(claims, 'sub'),
    tenantId: requireText(claims, tenantClaim),
    // jose has checked `exp` (a required number) and accepts the token while now < exp + tolerance.
    acceptedUntil: ((claims.exp ?? 0) + clockToleranceSec) * 1000,
    claims,
  };
}

/** A required identity claim must be a non-empty string; anything else counts as missing. */
function requireText(claims: JWTPayload, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.trim() === '') throw rejection('missing-claim', { claim: name });
  return value;
}
