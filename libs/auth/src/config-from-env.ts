// Reads an `AuthConfig` from an environment map the caller passes in (the lib never reads
// `process.env`). Validates everything that can be checked without async work; the key itself is
// imported by `createVerifier`.
import { type AuthConfig } from './auth-config';
import { configError } from './config-error';
import { resolveAuthConfig } from './resolve-config';

export type EnvMap = Readonly<Record<string, string | undefined>>;

/**
 * Builds the verifier config from `JWT_PUBLIC_KEY` | `JWKS_URL` | `JWT_SECRET`, `JWT_ISSUER`,
 * `JWT_AUDIENCE`, `JWT_TENANT_CLAIM`, `JWT_ALGORITHMS`, `JWT_CLOCK_TOLERANCE`.
 * Empty values count as unset. Throws `AuthConfigError` naming the variable(s) at fault.
 */
export function authConfigFromEnv(env: EnvMap): AuthConfig {
  const config: AuthConfig = {};
  assign(config, 'publicKeyPem', text(env, 'JWT_PUBLIC_KEY'));
  assign(config, 'jwksUrl', text(env, 'JWKS_URL')?.trim());
  assign(config, 'secret', text(env, 'JWT_SECRET'));
  assign(config, 'issuer', list(env, 'JWT_ISSUER'));
  assign(config, 'audience', list(env, 'JWT_AUDIENCE'));
  assign(config, 'tenantClaim', text(env, 'JWT_TENANT_CLAIM')?.trim());
  assign(config, 'algorithms', list(env, 'JWT_ALGORITHMS'));
  assign(config, 'clockToleranceSec', seconds(env, 'JWT_CLOCK_TOLERANCE'));
  resolveAuthConfig(config);
  return config;
}

function assign<K extends keyof AuthConfig>(config: AuthConfig, key: K, value: AuthConfig[K]): void {
  if (value !== undefined) config[key] = value;
}

function text(env: EnvMap, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

function list(env: EnvMap, name: string): string[] | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function seconds(env: EnvMap, name: 'JWT_CLOCK_TOLERANCE'): number | undefined {
  const value = text(env, name)?.trim();
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw configError(['clockToleranceSec'], `${name} must be a non-negative number of seconds`);
  }
  return Number(value);
}
