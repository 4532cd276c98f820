// The quota settings every function reads the same way: the deployment's limits (QUOTA_*) and the
// per-tenant overrides (QUOTA_TENANT_OVERRIDES, a JSON map), validated once per cold start. A limit of
// 0 turns that quota off (and its store call with it).
import { ConfigError, type Env, envReader } from './env-reader';

/** The limits of one tenant (the shape `@streamer/store`'s QuotaLimits has). */
export interface TenantQuotas {
  connectionsPerUser: number;
  connectionsPerTenant: number;
  requestsPerSecondPerTenant: number;
  jobsPerUser: number;
}

/** Defaults: room for a user's tabs and devices, a large tenant, and a busy one. */
export const DEFAULT_QUOTAS: Readonly<TenantQuotas> = Object.freeze({
  connectionsPerUser: 100,
  connectionsPerTenant: 20_000,
  requestsPerSecondPerTenant: 2_000,
  jobsPerUser: 100,
});

/** Each limit's variable. */
export const QUOTA_VARIABLES: Readonly<Record<keyof TenantQuotas, string>> = Object.freeze({
  connectionsPerUser: 'QUOTA_CONNECTIONS_PER_USER',
  connectionsPerTenant: 'QUOTA_CONNECTIONS_PER_TENANT',
  requestsPerSecondPerTenant: 'QUOTA_REQUESTS_PER_SECOND_PER_TENANT',
  jobsPerUser: 'QUOTA_JOBS_PER_USER',
});

export const QUOTA_OVERRIDES_VARIABLE = 'QUOTA_TENANT_OVERRIDES';

const LIMIT_NAMES = Object.keys(QUOTA_VARIABLES) as (keyof TenantQuotas)[];
const MAX_LIMIT = 10_000_000;

/**
 * The limits of each tenant: the tenant's entry in QUOTA_TENANT_OVERRIDES over the deployment's
 * QUOTA_* values, e.g. `{"big-customer": {"connectionsPerTenant": 100000, "requestsPerSecondPerTenant": 0}}`.
 * Throws ConfigError naming the variable for anything that is not a whole number in [0, 10 000 000].
 */
export function quotaPolicyFromEnv(env: Env): (tenantId: string) => TenantQuotas {
  const read = envReader(env);
  const defaults = Object.fromEntries(
    LIMIT_NAMES.map((name) => [name, read.int(QUOTA_VARIABLES[name], DEFAULT_QUOTAS[name], { min: 0, max: MAX_LIMIT })]),
  ) as unknown as TenantQuotas;
  const overrides = parseOverrides(read.optional(QUOTA_OVERRIDES_VARIABLE));
  const resolved = new Map([...overrides].map(([tenant, override]) => [tenant, Object.freeze({ ...defaults, ...override })]));
  Object.freeze(defaults);
  return (tenantId) => resolved.get(tenantId) ?? defaults;
}

function parseOverrides(raw: string | undefined): Map<string, Partial<TenantQuotas>> {
  const overrides = new Map<string, Partial<TenantQuotas>>();
  if (raw === undefined) return overrides;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(QUOTA_OVERRIDES_VARIABLE, 'must be a JSON object of tenant ids to limits');
  }
  if (!isObject(parsed)) throw new ConfigError(QUOTA_OVERRIDES_VARIABLE, 'must be a JSON object of tenant ids to limits');
  for (const [tenant, limits] of Object.entries(parsed)) overrides.set(tenant, parseLimits(tenant, limits));
  return overrides;
}

function parseLimits(tenant: string, limits: unknown): Partial<TenantQuotas> {
  const where = `tenant "${tenant}"`;
  if (!isObject(limits)) throw new ConfigError(QUOTA_OVERRIDES_VARIABLE, `${where}: must be an object of limits`);
  const out: Partial<TenantQuotas> = {};
  for (const [name, value] of Object.entries(limits)) {
    if (!LIMIT_NAMES.includes(name as keyof TenantQuotas)) {
      throw new ConfigError(QUOTA_OVERRIDES_VARIABLE, `${where}: unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LIMIT) {
      throw new ConfigError(QUOTA_OVERRIDES_VARIABLE, `${where}: ${name} must be a whole number in [0, ${MAX_LIMIT}]`);
    }
    out[name as keyof TenantQuotas] = value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
