import { ConfigError } from '@streamer/config';
import { StoreConfigError } from '@streamer/store';
import { loadConfig, loadSweepConfig } from './config';

const minimal = {
  CONNECTIONS_TABLE: 'connections',
  REQUESTS_TABLE: 'requests',
  SUBSCRIPTIONS_TABLE: 'subscriptions', EVENTS_TABLE: 'events',
  WEBSOCKET_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
  RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/streamer-retries',
};

describe('processor config', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(minimal)).toEqual({
      tables: { connections: 'connections', requests: 'requests', subscriptions: 'subscriptions', events: 'events' },
      websocketEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      region: undefined,
      gatewayAdapter: 'lean',
      retryQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/streamer-retries',
      maxRetries: 3,
      retryDelayMs: 5_000,
      leaseMs: 900_000,
      progressIntervalMs: 250,
      cancelPollMs: 1_000,
      deadlineMarginMs: 2_000,
      reportStepMs: 500,
      eventRetentionSeconds: 86_400,
      maxResultBytes: 4 * 1024 * 1024,
      dynamodbEndpoint: undefined,
      sqsEndpoint: undefined,
    });
  });

  it('reads the lease watchdog queue as a pair, or none', () => {
    const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/streamer-watchdog';
    const arn = 'arn:aws:sqs:eu-west-1:123456789012:streamer-watchdog';
    expect(loadConfig({ ...minimal, WATCHDOG_QUEUE_URL: url, WATCHDOG_QUEUE_ARN: arn }).watchdogQueue).toEqual({ url, arn });
    expect(loadConfig(minimal).watchdogQueue).toBeUndefined();
    expect(() => loadConfig({ ...minimal, WATCHDOG_QUEUE_URL: url })).toThrow(/WATCHDOG_QUEUE_ARN/);
    expect(() => loadConfig({ ...minimal, WATCHDOG_QUEUE_ARN: arn })).toThrow(/WATCHDOG_QUEUE_URL/);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ...minimal,
      CONNECTIONS_TABLE: '',
      CONNECTIONS_TABLE_NAME: 'conn-alias',
      AWS_REGION: 'eu-west-1',
      GATEWAY_ADAPTER: 'sdk',
      MAX_RETRIES: '5',
      RETRY_DELAY: '2s',
      LEASE_DURATION: '5m',
      PROGRESS_INTERVAL: '100ms',
      CANCEL_POLL_INTERVAL: '0',
      LAMBDA_TIMEOUT_BUFFER: '1500ms',
      REPORT_STEP: '20ms',
      EVENT_RETENTION: '1h',
      MAX_RESULT_SIZE: '1048576',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      SQS_ENDPOINT: 'http://127.0.0.1:9324',
    });
    expect(config).toMatchObject({
      tables: { connections: 'conn-alias' },
      region: 'eu-west-1',
      gatewayAdapter: 'sdk',
      maxRetries: 5,
      retryDelayMs: 2_000,
      leaseMs: 300_000,
      progressIntervalMs: 100,
      cancelPollMs: 0,
      deadlineMarginMs: 1_500,
      reportStepMs: 20,
      eventRetentionSeconds: 3600,
      maxResultBytes: 1_048_576,
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      sqsEndpoint: 'http://127.0.0.1:9324',
    });
  });

  it.each([
    ['WEBSOCKET_ENDPOINT', { WEBSOCKET_ENDPOINT: undefined }, ConfigError],
    ['RETRY_QUEUE_URL', { RETRY_QUEUE_URL: undefined }, ConfigError],
    ['REQUESTS_TABLE', { REQUESTS_TABLE: undefined }, StoreConfigError],
    ['MAX_RETRIES', { MAX_RETRIES: 'three' }, ConfigError],
    ['MAX_RETRIES', { MAX_RETRIES: '-1' }, ConfigError],
    ['RETRY_DELAY', { RETRY_DELAY: '1h' }, ConfigError],
    ['LEASE_DURATION', { LEASE_DURATION: '1s' }, ConfigError],
    ['PROGRESS_INTERVAL', { PROGRESS_INTERVAL: 'often' }, ConfigError],
    ['EVENT_RETENTION', { EVENT_RETENTION: '30s' }, ConfigError],
    ['MAX_RESULT_SIZE', { MAX_RESULT_SIZE: '4MB' }, ConfigError],
    ['MAX_RESULT_SIZE', { MAX_RESULT_SIZE: '100' }, ConfigError],
    ['DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'not a url' }, ConfigError],
  ])('names %s when it is missing or invalid', (name, override, type) => {
    const env = { ...minimal, ...override };
    expect(() => loadConfig(env)).toThrow(type);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('loadSweepConfig', () => {
  const env = {
    CONNECTIONS_TABLE: 'c',
    REQUESTS_TABLE: 'r',
    SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e',
    RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/streamer-retry',
  };

  it('reads the tables and the retry queue, with STALLED_RETRY_AFTER defaulting to 30 minutes, and needs no endpoint', () => {
    expect(loadSweepConfig(env)).toEqual({
      tables: { connections: 'c', requests: 'r', subscriptions: 's', events: 'e' },
      retryQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/streamer-retry',
      stalledRetryAfterMs: 30 * 60 * 1000,
      dynamodbEndpoint: undefined,
      sqsEndpoint: undefined,
    });
  });

  it('reads STALLED_RETRY_AFTER as a duration and the emulator endpoints', () => {
    const config = loadSweepConfig({ ...env, STALLED_RETRY_AFTER: '45m', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', SQS_ENDPOINT: 'http://127.0.0.1:9324' });
    expect(config).toMatchObject({ stalledRetryAfterMs: 45 * 60 * 1000, dynamodbEndpoint: 'http://127.0.0.1:8000', sqsEndpoint: 'http://127.0.0.1:9324' });
  });

  it.each([
    ['RETRY_QUEUE_URL', { RETRY_QUEUE_URL: undefined }, /RETRY_QUEUE_URL is required/],
    ['RETRY_QUEUE_URL', { RETRY_QUEUE_URL: 'ftp://queue' }, /RETRY_QUEUE_URL must use https: or http:/],
    ['STALLED_RETRY_AFTER', { STALLED_RETRY_AFTER: '0' }, /STALLED_RETRY_AFTER must be ≥ 1000/],
  ])('names %s when it is missing or invalid', (_name, override, message) => {
    expect(() => loadSweepConfig({ ...env, ...override })).toThrow(message);
  });
});
