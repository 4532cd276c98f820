// GATEWAY_FAULTS against the real Lambdas: with 30 % of management-API calls failing with 500, the
// connection manager inside the router retries and every reply still arrives.
import { FaultInjector } from '../gateway/fault-injector';
import { parseFaultSpec } from '../gateway/faults';
import { seededRandom } from '../gateway/random';
import { connectClient, tempStateDir } from '../test-support/stack-helpers';
import type { LocalStack } from './local-stack';
import { startLocalStack } from './start-local-stack';

const FAULTS = '500:0.3';
const SEED = 17;
const REQUESTS = 20;

describe('local stack with injected gateway faults', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ port: 0, stateDir: tempStateDir(), env: { GATEWAY_FAULTS: FAULTS, GATEWAY_FAULTS_SEED: String(SEED), POWERTOOLS_LOG_LEVEL: 'ERROR' } });
  });
  afterAll(() => stack?.stop());

  it('uses a seed whose draws fail often but never three times in a row (the retry budget)', () => {
    const injector = new FaultInjector(parseFaultSpec(FAULTS), seededRandom(SEED));
    const failed = Array.from({ length: 3 * REQUESTS }, () => injector.decide().status === 500);
    const longestRun = failed.reduce<[number, number]>(([longest, run], f) => [Math.max(longest, f ? run + 1 : 0), f ? run + 1 : 0], [0, 0])[0];
    expect(failed.slice(0, REQUESTS).filter(Boolean).length).toBeGreaterThanOrEqual(5);
    expect(longestRun).toBe(2);
  });

  it('delivers every reply: the connection manager retries the injected 500s', async () => {
    const client = await connectClient(stack, 'fault-user');
    try {
      for (let i = 0; i < REQUESTS; i++) {
        await expect(client.request('echo', { i })).resolves.toEqual({ i });
      }
    } finally {
      await client.close();
    }
    const stats = stack.managementStats();
    expect(stats.injectedFaults[500]).toBeGreaterThanOrEqual(5);
    expect(stats.calls.POST).toBe(REQUESTS + (stats.injectedFaults[500] ?? 0));
  });
});
