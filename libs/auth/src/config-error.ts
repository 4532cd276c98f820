// Builds `AuthConfigError`s that name the environment variables behind the offending config fields.
import { AuthConfigError } from './auth-error';
import { CONFIG_VARIABLES, type AuthConfig } from './auth-config';

export type ConfigField = keyof AuthConfig;

/** The variable name for a field, as used in messages (`JWKS_URL`, `JWT_PUBLIC_KEY`, …). */
export function variableOf(field: ConfigField): string {
  return CONFIG_VARIABLES[field];
}

export function configError(fields: readonly ConfigField[], message: string, cause?: unknown): AuthConfigError {
  return new AuthConfigError(fields.map(variableOf), message, cause === undefined ? {} : { cause });
}
