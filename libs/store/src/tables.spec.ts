import { StoreConfigError } from './errors';
import { CONNECTED_SHARDS, CONNECTIONS_TABLE, connectedShardOf, EVENTS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, tableNamesFromEnv, toCreateTableInput } from './tables';

describe('table definitions', () => {
  it('builds the connections table with its two status-sorted GSIs and the sparse activity index', () => {
    const input = toCreateTableInput(CONNECTIONS_TABLE, 'conns');
    expect(input).toMatchObject({ TableName: 'conns', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }] });
    expect(input.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.map((k) => k.AttributeName)])).toEqual([
      ['UserIdIndex', ['userId', 'status']],
      ['TenantIdIndex', ['tenantId', 'status']],
      ['ConnectedActivityIndex', ['connectedShard', 'lastActiveAt']],
    ]);
    expect(input.AttributeDefinitions?.map((a) => `${a.AttributeName}:${a.AttributeType}`).sort()).toEqual([
      'connectedShard:N', 'connectionId:S', 'lastActiveAt:N', 'status:S', 'tenantId:S', 'userId:S',
    ]);
    expect(input.StreamSpecification).toBeUndefined();
  });

  it('projects the connection record into the user and tenant GSIs, keys and tenant into the activity index', () => {
    const projections = toCreateTableInput(CONNECTIONS_TABLE, 'conns').GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection]);
    const record = ['endpoint', 'connectedAt', 'lastActiveAt', 'disconnectedAt', 'ttl'];
    expect(projections).toEqual([
      ['UserIdIndex', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['tenantId', ...record] }],
      ['TenantIdIndex', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['userId', ...record] }],
      ['ConnectedActivityIndex', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['tenantId'] }],
    ]);
  });

  it('streams new and old images of requests only', () => {
    expect(toCreateTableInput(REQUESTS_TABLE, 'reqs').StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(toCreateTableInput(REQUESTS_TABLE, 'reqs').GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['ConnectionIdIndex', 'UserClientIndex']);
  });

  it('keys subscriptions by topic and connection, with a connection index', () => {
    const input = toCreateTableInput(SUBSCRIPTIONS_TABLE, 'subs');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'topic', KeyType: 'HASH' },
      { AttributeName: 'connectionId', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: 'ConnectionIdIndex', Projection: { ProjectionType: 'KEYS_ONLY' } });
  });

  it('keys events by tenant-scoped topic and numeric seq, with no index', () => {
    const input = toCreateTableInput(EVENTS_TABLE, 'events');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'topic', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ]);
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: 'topic', AttributeType: 'S' },
      { AttributeName: 'seq', AttributeType: 'N' },
    ]);
    expect(input).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(input.StreamSpecification).toBeUndefined();
  });

  it('uses the ttl attribute on every table', () => {
    expect([CONNECTIONS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE].map((d) => d.ttlAttribute)).toEqual(['ttl', 'ttl', 'ttl', 'ttl']);
  });
});

describe('connectedShardOf', () => {
  it('spreads connection ids over every shard, the same shard for the same id', () => {
    const ids = Array.from({ length: 800 }, (_, i) => `Conn${i}Abc=`);
    const counts = new Map<number, number>();
    for (const id of ids) counts.set(connectedShardOf(id), (counts.get(connectedShardOf(id)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: CONNECTED_SHARDS }, (_, i) => i));
    for (const count of counts.values()) expect(count).toBeGreaterThan(50);
    expect(connectedShardOf('Conn1Abc=')).toBe(connectedShardOf('Conn1Abc='));
  });
});

describe('tableNamesFromEnv', () => {
  const env = { CONNECTIONS_TABLE: 'c', REQUESTS_TABLE: 'r', SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e' };

  it('reads the three names', () => {
    expect(tableNamesFromEnv(env)).toEqual({ connections: 'c', requests: 'r', subscriptions: 's', events: 'e' });
  });

  it('accepts CONNECTIONS_TABLE_NAME as an alias', () => {
    const { CONNECTIONS_TABLE: _c, ...rest } = env;
    expect(tableNamesFromEnv({ ...rest, CONNECTIONS_TABLE_NAME: 'alias' }).connections).toBe('alias');
  });

  it.each(['REQUESTS_TABLE', 'SUBSCRIPTIONS_TABLE', 'CONNECTIONS_TABLE', 'EVENTS_TABLE'])('names a missing or blank %s', (name) => {
    for (const value of [undefined, '  ']) {
      const call = () => tableNamesFromEnv({ ...env, [name]: value });
      expect(call).toThrow(StoreConfigError);
      expect(call).toThrow(name);
    }
  });
});
