// Reading settings from an environment map: the reader, the error every bad value becomes, the
// duration syntax ("24h", "5s", "250ms") the settings share, and the one setting every function with
// a management API client shares (GATEWAY_ADAPTER).
export type Env = Record<string, string | undefined>;

/** Reads settings from an environment map; every failure is a ConfigError naming the variable. */
export class EnvReader {
  constructor(private readonly env: Env) {}

  /** The first non-empty value among `names` (aliases), or undefined. */
  optional(...names: string[]): string | undefined {
    for (const name of names) {
      const value = this.env[name]?.trim();
      if (value) return value;
    }
    return undefined;
  }

  required(name: string, ...aliases: string[]): string {
    const value = this.optional(name, ...aliases);
    if (value === undefined) throw new ConfigError([name, ...aliases].join(' or '), 'is required but not set');
    return value;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
    return this.inRange(name, value, range);
  }

  number(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new ConfigError(name, `must be a number, got "${raw}"`);
    return this.inRange(name, value, range);
  }

  /** Milliseconds from "24h", "5s", "250ms" or a bare number of seconds. */
  durationMs(name: string, fallbackMs: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallbackMs;
    const ms = parseDuration(raw);
    if (ms === undefined) throw new ConfigError(name, `must be a duration like 5s, 10m or 24h, got "${raw}"`);
    return this.inRange(name, ms, range);
  }

  url(name: string, protocols: readonly string[] = ['https:', 'http:']): string {
    const raw = this.required(name);
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch (cause) {
      throw Object.assign(new ConfigError(name, `must be a URL, got "${raw}"`), { cause });
    }
    if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
    return raw.replace(/\/+$/, '');
  }

  /** One of `choices`, or `fallback` when unset. */
  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const found = choices.find((choice) => choice === raw);
    if (found === undefined) throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
    return found;
  }

  private inRange(name: string, value: number, { min, max }: { min?: number; max?: number }): number {
    if (min !== undefined && value < min) throw new ConfigError(name, `must be ≥ ${min}, got ${value}`);
    if (max !== undefined && value > max) throw new ConfigError(name, `must be ≤ ${max}, got ${value}`);
    return value;
  }
}

export function envReader(env: Env): EnvReader {
  return new EnvReader(env);
}

/** A missing or invalid setting. The message always names the environment variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/**
 * Parses "24h", "5s", "1.5m", "250ms" or a bare number of `bareUnit` (default seconds) into milliseconds.
 * Returns undefined for anything else (negative, empty, unknown unit).
 */
export function parseDuration(text: string, bareUnit: 'ms' | 's' = 's'): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = UNITS_MS[match[2] ?? bareUnit] ?? 1;
  const ms = value * unit;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * GATEWAY_ADAPTER, the one setting that picks how every function talks to the management API:
 * `lean` (default; SigV4 on node:crypto over keep-alive HTTP) or `sdk` (the AWS SDK client, the
 * reference adapter). Values match `createGateway`'s kinds in @streamer/connection-manager/gateway.
 */
export const GATEWAY_ADAPTERS = ['lean', 'sdk'] as const;
export type GatewayAdapter = (typeof GATEWAY_ADAPTERS)[number];

export function gatewayAdapter(env: Env): GatewayAdapter {
  return envReader(env).oneOf('GATEWAY_ADAPTER', GATEWAY_ADAPTERS, 'lean');
}
