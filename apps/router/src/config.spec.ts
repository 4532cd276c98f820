import { loadConfig } from './config';

const ENV = { CONNECTIONS_TABLE: 'connections', REQUESTS_TABLE: 'requests', SUBSCRIPTIONS_TABLE: 'subscriptions', EVENTS_TABLE: 'events' };

describe('router config', () => {
  it('has defaults for everything but the tables', () => {
    expect(loadConfig(ENV)).toEqual({
      tables: { connections: 'connections', requests: 'requests', subscriptions: 'subscriptions', events: 'events' },
      rateLimit: { ratePerSecond: 20, burst: 40 },
      syncTimeoutMs: 25_000,
      requestTtlMs: 7 * 24 * 3_600_000,
      gatewayAdapter: 'lean',
      eventRetentionSeconds: 86_400,
    });
  });

  it('reads every setting', () => {
    const env = {
      ...ENV,
      WEBSOCKET_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
      RATE_LIMIT_PER_SECOND: '2.5',
      RATE_LIMIT_BURST: '5',
      SYNC_TIMEOUT: '10s',
      REQUEST_TTL: '1d',
      GATEWAY_ADAPTER: 'sdk',
      EVENT_RETENTION: '2h',
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    };
    expect(loadConfig(env)).toEqual({
      tables: { connections: 'connections', requests: 'requests', subscriptions: 'subscriptions', events: 'events' },
      websocketEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      rateLimit: { ratePerSecond: 2.5, burst: 5 },
      syncTimeoutMs: 10_000,
      requestTtlMs: 86_400_000,
      gatewayAdapter: 'sdk',
      eventRetentionSeconds: 7200,
      region: 'eu-west-1',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
    });
  });

  it.each([
    ['REQUESTS_TABLE', { REQUESTS_TABLE: undefined }],
    ['RATE_LIMIT_PER_SECOND', { RATE_LIMIT_PER_SECOND: '0' }],
    ['RATE_LIMIT_BURST', { RATE_LIMIT_BURST: '1.5' }],
    ['SYNC_TIMEOUT', { SYNC_TIMEOUT: '30s' }],
    ['REQUEST_TTL', { REQUEST_TTL: 'forever' }],
    ['GATEWAY_ADAPTER', { GATEWAY_ADAPTER: 'carrier-pigeon' }],
    ['EVENT_RETENTION', { EVENT_RETENTION: '10s' }],
    ['EVENTS_TABLE', { EVENTS_TABLE: undefined }],
    ['WEBSOCKET_ENDPOINT', { WEBSOCKET_ENDPOINT: 'abc123.execute-api' }],
  ])('fails naming %s', (name, change) => {
    expect(() => loadConfig({ ...ENV, ...change })).toThrow(name);
  });
});
