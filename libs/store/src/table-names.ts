// Table names and where they come from. The lib never reads process.env: apps pass their env in.
import { StoreConfigError } from './errors';

export type TableKind = 'connections' | 'requests' | 'subscriptions';

export type TableNames = Record<TableKind, string>;

/** Env var (first) and accepted aliases for each table name (SPEC §3). */
export const TABLE_ENV_VARS: Readonly<Record<TableKind, readonly string[]>> = {
  connections: ['CONNECTIONS_TABLE', 'CONNECTIONS_TABLE_NAME'],
  requests: ['REQUESTS_TABLE'],
  subscriptions: ['SUBSCRIPTIONS_TABLE'],
};

/** The canonical env var of a table, used in error messages. */
export function tableEnvVar(kind: TableKind): string {
  return TABLE_ENV_VARS[kind][0] ?? kind;
}

/** Reads the three table names from an env-like record; a missing one throws StoreConfigError naming it. */
export function tableNamesFromEnv(env: Record<string, string | undefined>): TableNames {
  const read = (kind: TableKind): string => {
    const names = TABLE_ENV_VARS[kind];
    const value = names.map((name) => env[name]?.trim()).find((v) => v !== undefined && v !== '');
    if (value === undefined) {
      throw new StoreConfigError(`Missing table name: set ${names.join(' or ')}`, { context: { envVar: tableEnvVar(kind) } });
    }
    return value;
  };
  return { connections: read('connections'), requests: read('requests'), subscriptions: read('subscriptions') };
}
