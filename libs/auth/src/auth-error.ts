// The error family of @streamer/auth. Messages are fixed texts chosen here: a token (or any part of
// one) is never put into a message, a context field or `toJSON()`.

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
