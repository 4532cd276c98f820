// The error family of @streamer/auth. Messages are fixed texts chosen here: a token (or any part of
// one) is never put into a message, a context field or `toJSON()`. Configuration errors name the
// environment variables behind the offending fields; what jose throws is translated here, at the one
// place it is caught, by jose's stable `code`s and the `claim` of claim failures, never by messages.
import { errors } from 'jose';
import { type AuthConfig } from './config';

/** Why `verify` rejected a token. See the README's reasons table. */
export type AuthRejectionReason =
  | 'missing-token'
  | 'malformed'
  | 'alg-not-allowed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claim'
  | 'unknown-key'
  | 'jwks-unavailable'
  | 'internal';

/** Every reason an `AuthError` can carry: rejections, plus `invalid-config` for `AuthConfigError`. */
export type AuthErrorReason = AuthRejectionReason | 'invalid-config';

export interface AuthErrorOptions {
  cause?: unknown;
  /** Claim name the failure is about (`missing-claim`, `wrong-issuer`, …). */
  claim?: string;
}

/** JSON form of an `AuthError`: safe to log or return; never includes the token or the cause. */
export interface AuthErrorJson {
  name: string;
  reason: AuthErrorReason;
  message: string;
  claim?: string;
}

/** Base class of every error thrown by @streamer/auth. */
export class AuthError extends Error {
  override name = 'AuthError';
  readonly reason: AuthErrorReason;
  readonly claim?: string;

  constructor(reason: AuthErrorReason, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    if (options.claim !== undefined) this.claim = options.claim;
  }

  toJSON(): AuthErrorJson {
    const json: AuthErrorJson = { name: this.name, reason: this.reason, message: this.message };
    if (this.claim !== undefined) json.claim = this.claim;
    return json;
  }
}

/** An `AuthError` raised by `verify`: its reason is always a rejection reason. */
export type AuthRejection = AuthError & { readonly reason: AuthRejectionReason };

/** Invalid verifier configuration; `variables` names the environment variables to fix. */
export class AuthConfigError extends AuthError {
  override name = 'AuthConfigError';
  readonly variables: readonly string[];

  constructor(variables: readonly string[], message: string, options: { cause?: unknown } = {}) {
    super('invalid-config', message, options);
    this.variables = variables;
  }

  override toJSON(): AuthErrorJson & { variables: readonly string[] } {
    return { ...super.toJSON(), variables: this.variables };
  }
}

/** Environment variable behind each config field, used to name the variable in error messages. */
export const CONFIG_VARIABLES = {
  publicKeyPem: 'JWT_PUBLIC_KEY',
  jwksUrl: 'JWKS_URL',
  jwks: 'jwks',
  secret: 'JWT_SECRET',
  issuer: 'JWT_ISSUER',
  audience: 'JWT_AUDIENCE',
  tenantClaim: 'JWT_TENANT_CLAIM',
  algorithms: 'JWT_ALGORITHMS',
  clockToleranceSec: 'JWT_CLOCK_TOLERANCE',
} as const satisfies Record<keyof AuthConfig, string>;

// Builds `AuthConfigError`s that name the environment variables behind the offending config fields.
export type ConfigField = keyof AuthConfig;

/** The variable name for a field, as used in messages (`JWKS_URL`, `JWT_PUBLIC_KEY`, …). */
export function variableOf(field: ConfigField): string {
  return CONFIG_VARIABLES[field];
}

export function configError(fields: readonly ConfigField[], message: string, cause?: unknown): AuthConfigError {
  return new AuthConfigError(fields.map(variableOf), message, cause === undefined ? {} : { cause });
}

const BY_CODE: Readonly<Record<string, AuthRejectionReason>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: 'alg-not-allowed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad-signature',
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWKS_NO_MATCHING_KEY: 'unknown-key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'unknown-key',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JOSE_NOT_SUPPORTED: 'malformed',
  ERR_JWKS_INVALID: 'jwks-unavailable',
  ERR_JWKS_TIMEOUT: 'jwks-unavailable',
  ERR_JWK_INVALID: 'jwks-unavailable',
};

/** Claims whose value check failed (jose reasons `check_failed` / `mismatch`). */
const BY_CLAIM: Readonly<Record<string, AuthRejectionReason>> = {
  nbf: 'not-yet-valid',
  iss: 'wrong-issuer',
  aud: 'wrong-audience',
};

export const REASON_MESSAGES: Readonly<Record<AuthRejectionReason, string>> = {
  'missing-token': 'No token was presented',
  malformed: 'The token is not a well-formed signed JWT',
  'alg-not-allowed': 'The token algorithm is not allowed',
  'bad-signature': 'The token signature is invalid',
  expired: 'The token has expired',
  'not-yet-valid': 'The token is not valid yet',
  'wrong-issuer': 'The token issuer is not accepted',
  'wrong-audience': 'The token audience is not accepted',
  'missing-claim': 'The token lacks a required claim',
  'unknown-key': 'The token was signed by an unknown key',
  'jwks-unavailable': 'The JSON Web Key Set could not be loaded',
  internal: 'The token could not be verified',
};

export function rejection(
  reason: AuthRejectionReason,
  options: { cause?: unknown; claim?: string } = {},
): AuthRejection {
  return new AuthError(reason, messageFor(reason, options.claim), options) as AuthRejection;
}

function messageFor(reason: AuthRejectionReason, claim: string | undefined): string {
  if (claim === undefined) return REASON_MESSAGES[reason];
  if (reason === 'missing-claim') return `The token lacks the required claim "${claim}"`;
  if (reason === 'malformed') return `The token claim "${claim}" is invalid`;
  return REASON_MESSAGES[reason];
}

function isRejection(err: unknown): err is AuthRejection {
  return err instanceof AuthError && err.reason !== 'invalid-config';
}

export function toAuthError(err: unknown): AuthRejection {
  if (isRejection(err)) return err;
  if (err instanceof errors.JWTExpired) return rejection('expired', { cause: err, claim: err.claim });
  if (err instanceof errors.JWTClaimValidationFailed) return fromClaimFailure(err);
  if (err instanceof errors.JOSEError) {
    return rejection(BY_CODE[err.code] ?? 'internal', { cause: err });
  }
  return rejection('internal', { cause: err });
}

function fromClaimFailure(err: errors.JWTClaimValidationFailed): AuthRejection {
  const options = { cause: err, claim: err.claim };
  if (err.reason === 'missing') return rejection('missing-claim', options);
  if (err.reason === 'invalid') return rejection('malformed', options);
  return rejection(BY_CLAIM[err.claim] ?? 'malformed', options);
}
