// Lambda event filtering, for the patterns the CDK stack uses: a JSON object whose leaves are arrays
// of accepted values (what `FilterRule.isEqual` produces). A record matches when every leaf of the
// pattern finds its value at the same path in the record. Records that do not match are dropped
// before the function sees them, as Lambda drops them.

export type FilterPattern = { [key: string]: FilterPattern | readonly (string | number | boolean | null)[] };

/**
 * The processor's stream filter, as in apps/infra/src/processing.ts (QUEUED_INSERT_FILTER): only
 * newly queued requests start work.
 */
export const QUEUED_INSERT_PATTERN: FilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { status: { S: ['queued'] } } },
};

export function matchesFilter(record: unknown, pattern: FilterPattern): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const value = isObject(record) ? record[key] : undefined;
    if (Array.isArray(rule)) {
      if (!rule.some((accepted) => accepted === value)) return false;
    } else if (!matchesFilter(value, rule as FilterPattern)) {
      return false;
    }
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
