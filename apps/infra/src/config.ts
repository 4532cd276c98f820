import { SETTING_VARIABLES } from '@streamer/config/deployment';

/** JWT settings passed to $connect as env (see @streamer/auth). */
export interface JwtSettings {
  publicKey?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  tenantClaim?: string;
  algorithms?: string;
}

export interface CustomDomain {
  domainName: string;
  certificateArn: string;
}

export function hasJwtKey(jwt: JwtSettings): boolean {
  return Boolean(jwt.publicKey || jwt.jwksUrl);
}

export function jwtEnvironment(jwt: JwtSettings): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['JWT_PUBLIC_KEY', jwt.publicKey],
    ['JWKS_URL', jwt.jwksUrl],
    ['JWT_ISSUER', jwt.issuer],
    ['JWT_AUDIENCE', jwt.audience],
    ['JWT_TENANT_CLAIM', jwt.tenantClaim],
    ['JWT_ALGORITHMS', jwt.algorithms],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => Boolean(e[1])));
}

/** Validates the `settings` context: an object of known names (the tuning variables) to string or number values. */
export function parseSettings(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Context "settings" must be an object');
  const settings: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!(SETTING_VARIABLES as readonly string[]).includes(name)) {
      throw new Error(`Unknown setting "${name}" in context "settings"; known: ${SETTING_VARIABLES.join(', ')}`);
    }
    if (typeof raw !== 'string' && typeof raw !== 'number') throw new Error(`Setting "${name}" must be a string or number`);
    settings[name] = String(raw);
  }
  return settings;
}

/**
 * The stage's default route throttling when the context sets none: a tenth of API Gateway's
 * account-level default (10,000 requests per second, burst 5,000 —
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html), so one stage cannot
 * take the whole account's quota. Context `throttleRateLimit` / `throttleBurstLimit` change it.
 */
export const DEFAULT_THROTTLE = { rateLimit: 1000, burstLimit: 500 } as const;

/** A positive number from the context (`-c key=value` gives a string, cdk.json a number). */
export function parsePositiveNumber(key: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) throw new Error(`Context "${key}" must be a positive number`);
  return number;
}

/** A boolean from the context: true/false, or their strings. */
export function parseBoolean(key: string, value: unknown): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context "${key}" must be true or false`);
}
