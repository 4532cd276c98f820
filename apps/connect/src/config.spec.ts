import { loadConfig } from './config';

const PEM = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';
const ENV = {
  CONNECTIONS_TABLE: 'connections',
  REQUESTS_TABLE: 'requests',
  SUBSCRIPTIONS_TABLE: 'subscriptions', EVENTS_TABLE: 'events',
  JWKS_URL: 'https://auth.example.com/.well-known/jwks.json',
};

describe('connect config', () => {
  it('reads tables, auth and the default connection TTL of 24 h', () => {
    expect(loadConfig(ENV)).toEqual({
      tables: { connections: 'connections', requests: 'requests', subscriptions: 'subscriptions', events: 'events' },
      auth: { jwksUrl: 'https://auth.example.com/.well-known/jwks.json' },
      connectionTtlMs: 24 * 3_600_000,
      quotas: expect.any(Function),
    });
  });

  it('reads the connection quotas, with per-tenant overrides', () => {
    const { quotas } = loadConfig({ ...ENV, QUOTA_CONNECTIONS_PER_USER: '3', QUOTA_TENANT_OVERRIDES: '{"big":{"connectionsPerUser":50}}' });
    expect(quotas('small').connectionsPerUser).toBe(3);
    expect(quotas('big').connectionsPerUser).toBe(50);
    expect(() => loadConfig({ ...ENV, QUOTA_CONNECTIONS_PER_TENANT: 'lots' })).toThrow('QUOTA_CONNECTIONS_PER_TENANT');
  });

  it('reads CONNECTION_TTL and DYNAMODB_ENDPOINT', () => {
    const config = loadConfig({ ...ENV, CONNECTION_TTL: '2h', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    expect(config).toMatchObject({ connectionTtlMs: 7_200_000, dynamodbEndpoint: 'http://127.0.0.1:8000' });
  });

  it.each([
    ['CONNECTIONS_TABLE', { CONNECTIONS_TABLE: undefined }, /CONNECTIONS_TABLE/],
    ['REQUESTS_TABLE', { REQUESTS_TABLE: '' }, /REQUESTS_TABLE/],
    ['the key', { JWKS_URL: undefined }, /JWT_PUBLIC_KEY, JWKS_URL or JWT_SECRET/],
    ['CONNECTION_TTL', { CONNECTION_TTL: 'soon' }, /CONNECTION_TTL/],
    ['CONNECTION_TTL range', { CONNECTION_TTL: '5s' }, /CONNECTION_TTL/],
    ['DYNAMODB_ENDPOINT', { DYNAMODB_ENDPOINT: 'localhost' }, /DYNAMODB_ENDPOINT/],
  ])('fails naming %s', (_name, change, message) => {
    expect(() => loadConfig({ ...ENV, ...change })).toThrow(message);
  });

  it('accepts a PEM key instead of a JWKS URL', () => {
    expect(loadConfig({ ...ENV, JWKS_URL: undefined, JWT_PUBLIC_KEY: PEM }).auth).toEqual({ publicKeyPem: PEM });
  });
});
