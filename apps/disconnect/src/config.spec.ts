import { loadConfig } from './config';

const ENV = { CONNECTIONS_TABLE_NAME: 'connections', REQUESTS_TABLE: 'requests', SUBSCRIPTIONS_TABLE: 'subscriptions', EVENTS_TABLE: 'events' };

describe('disconnect config', () => {
  it('reads the tables (with the CONNECTIONS_TABLE_NAME alias) and a 1 h audit TTL by default', () => {
    expect(loadConfig(ENV)).toEqual({
      tables: { connections: 'connections', requests: 'requests', subscriptions: 'subscriptions', events: 'events' },
      disconnectedTtlMs: 3_600_000,
      quotas: expect.any(Function),
    });
  });

  it('reads DISCONNECTED_TTL and DYNAMODB_ENDPOINT', () => {
    expect(loadConfig({ ...ENV, DISCONNECTED_TTL: '10m', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000/' })).toMatchObject({
      disconnectedTtlMs: 600_000,
      dynamodbEndpoint: 'http://127.0.0.1:8000',
    });
  });

  it.each([
    ['SUBSCRIPTIONS_TABLE', { SUBSCRIPTIONS_TABLE: undefined }],
    ['DISCONNECTED_TTL', { DISCONNECTED_TTL: 'later' }],
    ['DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'nope' }],
  ])('fails naming %s', (name, change) => {
    expect(() => loadConfig({ ...ENV, ...change })).toThrow(name);
  });
});
