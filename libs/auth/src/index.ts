// @streamer/auth: JWT verification for $connect with jose. See README.md.
export { createVerifier, DEFAULT_MAX_TOKEN_LENGTH } from './verifier';
export type { Verifier, VerifierOptions } from './verifier';
export type { Principal } from './principal';
export { authConfigFromEnv } from './config-from-env';
export type { EnvMap } from './config-from-env';
export { DEFAULT_CLOCK_TOLERANCE_SEC, DEFAULT_TENANT_CLAIM, MIN_SECRET_BYTES } from './auth-config';
export type { AuthConfig } from './auth-config';
export { AuthConfigError, AuthError } from './auth-error';
export type {
  AuthErrorJson,
  AuthErrorOptions,
  AuthErrorReason,
  AuthRejection,
  AuthRejectionReason,
} from './auth-error';
export { extractToken } from './extract-token';
export type { ConnectEventLike } from './extract-token';
export type { JwksFetchOptions } from './key-resolver';
export type { AuthLogger } from './logger';
export {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_ASYMMETRIC_ALGORITHMS,
  DEFAULT_HMAC_ALGORITHMS,
  HMAC_ALGORITHMS,
} from './algorithms';
export type { AsymmetricAlgorithm, HmacAlgorithm, JwsAlgorithm } from './algorithms';
