import { ConfigError } from '@streamer/config';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONNECTION_MS, resolveSettings } from './settings';
import { startLocalStack } from './start-local-stack';

describe('stack settings', () => {
  it('defaults to port 3001, API Gateway limits and no faults', () => {
    const settings = resolveSettings({}, {});
    expect(settings).toMatchObject({ port: 3001, idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS, maxConnectionMs: DEFAULT_MAX_CONNECTION_MS, stage: 'local', region: 'us-east-1', freezeCheck: 'warn' });
    expect(settings.faults.errors).toEqual([]);
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBe(600_000);
    expect(DEFAULT_MAX_CONNECTION_MS).toBe(7_200_000);
  });

  it('reads PORT, IDLE_TIMEOUT_MS, MAX_CONNECTION_MS, GATEWAY_FAULTS(_SEED) and DYNAMODB_ENDPOINT', () => {
    const settings = resolveSettings({}, {
      PORT: '4000',
      IDLE_TIMEOUT_MS: '1500',
      MAX_CONNECTION_MS: '2m',
      GATEWAY_FAULTS: '500:0.1,latency:20',
      GATEWAY_FAULTS_SEED: '42',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000/',
      AWS_REGION: 'eu-west-1',
      LAMBDA_FREEZE_CHECK: 'Strict',
    });
    expect(settings).toMatchObject({ freezeCheck: 'strict', port: 4000, idleTimeoutMs: 1_500, maxConnectionMs: 120_000, faultSeed: 42, dynamodbEndpoint: 'http://127.0.0.1:8000', region: 'eu-west-1' });
    expect(settings.faults).toEqual({ errors: [{ status: 500, probability: 0.1 }], latencyMs: { min: 20, max: 20 } });
  });

  it('lets options win over the environment', () => {
    expect(resolveSettings({ port: 0, idleTimeoutMs: 10, faults: '' }, { PORT: '4000', IDLE_TIMEOUT_MS: '99', GATEWAY_FAULTS: '500:1' })).toMatchObject({
      port: 0,
      idleTimeoutMs: 10,
      faults: { errors: [] },
    });
  });

  it.each([
    ['GATEWAY_FAULTS', '500:2'],
    ['PORT', 'http'],
    ['IDLE_TIMEOUT_MS', '-5'],
    ['MAX_CONNECTION_MS', 'forever'],
    ['DYNAMODB_ENDPOINT', 'not a url'],
    ['LAMBDA_FREEZE_CHECK', 'loud'],
  ])('refuses an invalid %s with an error naming it', (name, value) => {
    let error: unknown;
    try {
      resolveSettings({}, { [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${name} `));
  });

  it('fails startLocalStack on an invalid GATEWAY_FAULTS before starting anything', async () => {
    await expect(startLocalStack({ port: 0, env: { GATEWAY_FAULTS: 'latency:-1' } })).rejects.toThrow(/^GATEWAY_FAULTS is invalid/);
  });
});
