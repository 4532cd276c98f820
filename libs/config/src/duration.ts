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
