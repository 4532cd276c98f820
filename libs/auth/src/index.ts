// @streamer/auth: JWT verification for $connect with jose. See README.md.
export { authConfigFromEnv } from './config';
export type { AuthConfig } from './config';
export { AuthError } from './errors';
export { answerSubprotocol, extractToken } from './transports';
export type { SubprotocolAnswer } from './transports';
export { createVerifier } from './verifier';
export type { Principal, Verifier } from './verifier';
