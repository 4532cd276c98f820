// The stack against a DynamoDB it did not start (DYNAMODB_ENDPOINT), with GATEWAY_FAULTS on: 30 % of
// management-API calls fail with 500, the connection manager inside the router retries and every
// reply still arrives; on stop, $disconnect runs for the open sockets since the data outlives the stack.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, localClientConfig, startDynamoDbLocal } from '@streamer/store/local';
import { sharedDynamoDbEndpoint } from '@streamer/store/testing';
import { FaultInjector, parseFaultSpec, seededRandom } from '../gateway/faults';
import { connectClient, TableReader, tempStateDir, userConnections } from '../test-support/stack-helpers';
import { type LocalStack, startLocalStack } from './start-local-stack';

const FAULTS = '500:0.3';
const SEED = 17;
const REQUESTS = 20;

// The test run's shared DynamoDB Local when there is one (as another process's DynamoDB), else one
// started here; table names no other suite of the run uses.
const CONNECTIONS_TABLE = `external-connections-${Date.now().toString(36)}`;
const REQUESTS_TABLE = `external-requests-${Date.now().toString(36)}`;

describe('local stack on an external DynamoDB, with injected gateway faults', () => {
  let own: DynamoDbLocal | undefined;
  let endpoint: string;
  let stack: LocalStack;

  beforeAll(async () => {
    const shared = sharedDynamoDbEndpoint();
    own = shared ? undefined : await startDynamoDbLocal();
    endpoint = shared ?? (own as DynamoDbLocal).endpoint;
    stack = await startLocalStack({
      port: 0,
      stateDir: tempStateDir(),
      dynamodbEndpoint: endpoint,
      env: { GATEWAY_FAULTS: FAULTS, GATEWAY_FAULTS_SEED: String(SEED), CONNECTIONS_TABLE, REQUESTS_TABLE, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      freezeCheck: 'strict',
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await own?.stop();
  });

  it('creates its tables in the DynamoDB it was given, under the names from the environment', async () => {
    expect(stack.dynamodbEndpoint).toBe(endpoint);
    expect(stack.tables).toMatchObject({ connections: CONNECTIONS_TABLE, requests: REQUESTS_TABLE });
    const client = new DynamoDBClient(localClientConfig(endpoint));
    try {
      for (const TableName of Object.values(stack.tables)) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName }));
        expect(Table?.TableStatus).toBe('ACTIVE');
      }
    } finally {
      client.destroy();
    }
  });

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

  it('runs $disconnect for the sockets still open when it stops, and leaves the DynamoDB running', async () => {
    await connectClient(stack, 'still-open-user');
    const [connection] = await userConnections(stack, 'still-open-user');
    const reader = new TableReader(stack);
    try {
      await stack.stop();
      expect(await reader.connectionStatus(connection?.connectionId ?? '')).toBe('DISCONNECTED');
    } finally {
      reader.close();
    }
  });
});
