// Translates what jose throws into an `AuthError` with a stable reason, at the one place jose is
// called. Decisions use jose's stable `code`s and the `claim` of claim failures, never messages.
import { errors } from 'jose';
import { AuthError, type AuthRejection, type AuthRejectionReason } from './auth-error';

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
