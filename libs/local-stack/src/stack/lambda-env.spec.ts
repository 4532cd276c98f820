import { devNull } from 'node:os';
import { ApiGatewayManagementApiClient, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { applyEnvironment, clientCredentials, lambdaEnvironment } from './lambda-env';
import { mergeEnv } from './settings';

const input = {
  tables: { connections: 'c', requests: 'r', subscriptions: 's', events: 'e' },
  region: 'us-east-1',
  websocketEndpoint: 'http://127.0.0.1:3001',
  retryQueueUrl: 'http://127.0.0.1:9/123456789012/retry',
  watchdogQueue: { url: 'http://127.0.0.1:9/123456789012/watchdog', arn: 'arn:aws:sqs:us-east-1:123456789012:watchdog' },
  deadLetterQueueArns: { retry: 'arn:aws:sqs:us-east-1:000000000000:retry-dlq', stream: 'arn:aws:sqs:us-east-1:000000000000:stream-dlq' },
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  sqsEndpoint: 'http://127.0.0.1:9',
  externalServices: false,
  auth: { JWT_PUBLIC_KEY: 'PEM' },
};

/** An AWS developer's shell: keys, a session token, a profile that exists nowhere, endpoint overrides. */
const AWS_SHELL = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE',
  AWS_PROFILE: 'does-not-exist',
  AWS_DEFAULT_REGION: 'eu-west-3',
  AWS_ENDPOINT_URL: 'https://example.amazonaws.com',
  AWS_ENDPOINT_URL_S3: 'https://s3.example.amazonaws.com',
  AWS_CONFIG_FILE: '/home/dev/.aws/config',
  AWS_SHARED_CREDENTIALS_FILE: '/home/dev/.aws/credentials',
  AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/dev',
  AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
};

describe('Lambda environment', () => {
  it('gives the Lambdas what the CDK stack gives them, pointed at the local services', () => {
    const env = lambdaEnvironment({ ...input, base: { REPORT_STEP: '20ms', HOME: '/root', EVENT_RETENTION: '2h' } });
    expect(env).toMatchObject({
      EVENT_RETENTION: '2h',
      CONNECTIONS_TABLE: 'c',
      REQUESTS_TABLE: 'r',
      SUBSCRIPTIONS_TABLE: 's',
      EVENTS_TABLE: 'e',
      WEBSOCKET_ENDPOINT: 'http://127.0.0.1:3001',
      RETRY_QUEUE_URL: input.retryQueueUrl,
      RETRY_DLQ_ARN: input.deadLetterQueueArns.retry,
      STREAM_DLQ_ARN: input.deadLetterQueueArns.stream,
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: 'http://127.0.0.1:8000',
      SQS_ENDPOINT: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: 'http://127.0.0.1:3001',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      JWT_PUBLIC_KEY: 'PEM',
      REPORT_STEP: '20ms',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      HOME: '/root',
    });
  });

  it("on the embedded services, replaces every AWS setting of the user's shell with placeholders", () => {
    const env = lambdaEnvironment({ ...input, base: { ...AWS_SHELL, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', HOME: '/root' } });
    const aws = Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('AWS_')));
    expect(aws).toEqual({
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_CONFIG_FILE: devNull,
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
      AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: input.websocketEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(env['HOME']).toBe('/root');
  });

  it("keeps the user's credentials for an external DYNAMODB_ENDPOINT or SQS_ENDPOINT", () => {
    const env = lambdaEnvironment({ ...input, externalServices: true, base: { AWS_PROFILE: 'dev', AWS_SESSION_TOKEN: 'token' } });
    expect(env).toMatchObject({ AWS_PROFILE: 'dev', AWS_SESSION_TOKEN: 'token' });
    expect(env['AWS_ACCESS_KEY_ID']).toBeUndefined();
    expect(lambdaEnvironment({ ...input, externalServices: true, base: {} })['AWS_ACCESS_KEY_ID']).toBe('local');
  });

  it("gives the stack's own clients the keys of its env (not only process.env), a profile's chain, or placeholders", () => {
    expect(clientCredentials({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's' })).toEqual({ credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's' } });
    expect(clientCredentials({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' })).toEqual({
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: 't' },
    });
    expect(clientCredentials({ AWS_PROFILE: 'dev' })).toEqual({});
    expect(clientCredentials({})).toEqual({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  it('applies to process.env and puts it back', () => {
    const target: NodeJS.ProcessEnv = { KEEP: '1', CHANGE: 'old', DROP: 'x' };
    const restore = applyEnvironment(mergeEnv(target, { CHANGE: 'new', DROP: undefined, ADD: 'a' }), target);
    expect(target).toEqual({ KEEP: '1', CHANGE: 'new', ADD: 'a' });
    restore();
    expect(target).toEqual({ KEEP: '1', CHANGE: 'old', DROP: 'x' });
  });
});

describe('AWS clients under the Lambda environment, from an AWS shell', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = applyEnvironment(lambdaEnvironment({ ...input, base: mergeEnv(process.env, AWS_SHELL) }));
  });
  afterAll(() => restore());

  /** The URL a client built with no settings would call, and the credentials it would sign with; nothing is sent. */
  async function resolved(client: { send(command: never): Promise<unknown>; middlewareStack: { add(mw: unknown, options: unknown): void }; config: { credentials(): Promise<{ accessKeyId: string }> } }, command: unknown) {
    let url = '';
    client.middlewareStack.add(
      () => async (args: { request: { protocol: string; hostname: string; port?: number } }) => {
        url = `${args.request.protocol}//${args.request.hostname}:${args.request.port ?? ''}`;
        throw new Error('not sent');
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await expect(client.send(command as never)).rejects.toThrow('not sent');
    return { url, accessKeyId: (await client.config.credentials()).accessKeyId };
  }

  it.each([
    ['DynamoDB', () => new DynamoDBClient({}), new ListTablesCommand({}), 'http://127.0.0.1:8000'],
    ['DynamoDB Streams', () => new DynamoDBStreamsClient({}), new ListStreamsCommand({}), 'http://127.0.0.1:8000'],
    ['SQS', () => new SQSClient({}), new ListQueuesCommand({}), 'http://127.0.0.1:9'],
    ['API Gateway management', () => new ApiGatewayManagementApiClient({}), new GetConnectionCommand({ ConnectionId: 'x' }), 'http://127.0.0.1:3001'],
  ])('%s resolves the local endpoint and the placeholder credentials', async (_name, create, command, url) => {
    const client = create();
    try {
      await expect(resolved(client as never, command)).resolves.toEqual({ url, accessKeyId: 'local' });
    } finally {
      client.destroy();
    }
  });
});
