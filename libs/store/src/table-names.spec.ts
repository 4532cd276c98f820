import { StoreConfigError } from './errors';
import { tableNamesFromEnv } from './table-names';

describe('tableNamesFromEnv', () => {
  const env = { CONNECTIONS_TABLE: 'c', REQUESTS_TABLE: 'r', SUBSCRIPTIONS_TABLE: 's' };

  it('reads the three names', () => {
    expect(tableNamesFromEnv(env)).toEqual({ connections: 'c', requests: 'r', subscriptions: 's' });
  });

  it('accepts CONNECTIONS_TABLE_NAME as an alias', () => {
    const { CONNECTIONS_TABLE: _c, ...rest } = env;
    expect(tableNamesFromEnv({ ...rest, CONNECTIONS_TABLE_NAME: 'alias' }).connections).toBe('alias');
  });

  it.each(['REQUESTS_TABLE', 'SUBSCRIPTIONS_TABLE', 'CONNECTIONS_TABLE'])('names a missing or blank %s', (name) => {
    for (const value of [undefined, '  ']) {
      const call = () => tableNamesFromEnv({ ...env, [name]: value });
      expect(call).toThrow(StoreConfigError);
      expect(call).toThrow(name);
    }
  });
});
