import { loadConfig } from './config';

const env = {
  CONNECTIONS_TABLE: 'streamer-connections',
  REQUESTS_TABLE: 'streamer-requests',
  SUBSCRIPTIONS_TABLE: 'streamer-subscriptions', EVENTS_TABLE: 'streamer-events',
  WEBSOCKET_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
};

describe('loadConfig', () => {
  it('reads the tables and endpoint with their defaults', () => {
    expect(loadConfig(env)).toEqual({
      tables: { connections: 'streamer-connections', requests: 'streamer-requests', subscriptions: 'streamer-subscriptions', events: 'streamer-events' },
      websocketEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      region: undefined,
      gatewayAdapter: 'lean',
      staleAfterMs: 60 * 60 * 1000,
      cleanupConcurrency: 16,
      eventRetentionSeconds: 86_400,
      pageTokenSecret: undefined,
      dynamodbEndpoint: undefined,
    });
  });

  it('accepts CONNECTIONS_TABLE_NAME as an alias', () => {
    const { CONNECTIONS_TABLE: _omitted, ...rest } = env;
    expect(loadConfig({ ...rest, CONNECTIONS_TABLE_NAME: 'legacy-connections' }).tables.connections).toBe('legacy-connections');
  });

  it('reads STALE_AFTER as a duration and the optional settings', () => {
    const config = loadConfig({
      ...env,
      AWS_REGION: 'eu-west-1',
      WEBSOCKET_ENDPOINT: 'wss://ws.example.com/',
      STALE_AFTER: '15m',
      CLEANUP_CONCURRENCY: '4',
      PAGE_TOKEN_SECRET: 's3cret',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });
    expect(config).toMatchObject({
      region: 'eu-west-1',
      websocketEndpoint: 'wss://ws.example.com',
      staleAfterMs: 15 * 60 * 1000,
      cleanupConcurrency: 4,
      pageTokenSecret: 's3cret',
      dynamodbEndpoint: 'http://127.0.0.1:8000',
    });
  });

  it.each([
    ['CONNECTIONS_TABLE', /CONNECTIONS_TABLE or CONNECTIONS_TABLE_NAME/],
    ['REQUESTS_TABLE', /REQUESTS_TABLE/],
    ['SUBSCRIPTIONS_TABLE', /SUBSCRIPTIONS_TABLE/],
    ['WEBSOCKET_ENDPOINT', /WEBSOCKET_ENDPOINT is required/],
  ])('fails naming %s when it is missing', (name, message) => {
    const partial: Record<string, string | undefined> = { ...env, [name]: undefined };
    expect(() => loadConfig(partial)).toThrow(message);
  });

  it.each([
    ['STALE_AFTER', 'soon', /STALE_AFTER must be a duration/],
    ['STALE_AFTER', '0', /STALE_AFTER must be ≥ 1000/],
    ['CLEANUP_CONCURRENCY', '0', /CLEANUP_CONCURRENCY must be ≥ 1/],
    ['CLEANUP_CONCURRENCY', '2.5', /CLEANUP_CONCURRENCY must be an integer/],
    ['WEBSOCKET_ENDPOINT', 'abc123.execute-api', /WEBSOCKET_ENDPOINT must be a URL/],
    ['WEBSOCKET_ENDPOINT', 'ftp://ws.example.com', /WEBSOCKET_ENDPOINT must use https: or http: or wss: or ws:/],
  ])('fails naming %s when it is %j', (name, value, message) => {
    expect(() => loadConfig({ ...env, [name]: value })).toThrow(message);
  });
});
