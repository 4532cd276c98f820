// SdkGateway's translation of real SDK v3 exception shapes, driven through aws-sdk-client-mock.
import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  DeleteConnectionCommand,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { GatewayError } from '../errors';
import { SdkGateway } from './sdk-gateway';
import { MANAGE_CONNECTIONS_HINT } from './port';
import { type ErrorCase, ERROR_TABLE } from '../test-support/gateway-error-table';

const metadata = (httpStatusCode?: number) => ({ $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });

/** The exception the SDK raises for an answer: the modeled class when there is one, else the service base. */
function sdkException({ status, errorType, body }: Pick<ErrorCase, 'status' | 'errorType' | 'body'>): Error {
  const message = body ? String((JSON.parse(body) as { message?: unknown }).message) : 'UnknownError';
  const options = { message, ...metadata(status) };
  switch (errorType) {
    case 'GoneException':
      return new GoneException(options);
    case 'LimitExceededException':
      return new LimitExceededException(options);
    case 'PayloadTooLargeException':
      return new PayloadTooLargeException(options);
    case 'ForbiddenException':
      return new ForbiddenException(options);
    default:
      return new ApiGatewayManagementApiServiceException({ name: errorType ?? 'Unknown', $fault: status >= 500 ? 'server' : 'client', ...options });
  }
}

describe('SdkGateway', () => {
  const sdk = mockClient(ApiGatewayManagementApiClient);
  const client = new ApiGatewayManagementApiClient({ region: 'eu-west-1', endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod' });
  const gateway = new SdkGateway({ endpoint: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', client });

  beforeEach(() => sdk.reset());
  afterAll(() => sdk.restore());

  it('posts the bytes with PostToConnection', async () => {
    sdk.on(PostToConnectionCommand).resolves({});
    const data = Buffer.from('{"a":1}');
    await gateway.post('c1', data);
    expect(sdk.commandCalls(PostToConnectionCommand)[0]?.args[0].input).toEqual({ ConnectionId: 'c1', Data: data });
  });

  it('returns GetConnection details as epoch milliseconds', async () => {
    sdk.on(GetConnectionCommand).resolves({
      ConnectedAt: new Date('2026-01-01T00:00:00Z'),
      LastActiveAt: new Date('2026-01-01T00:01:00Z'),
      Identity: { SourceIp: '198.51.100.1', UserAgent: 'ua' },
    });
    await expect(gateway.get('c1')).resolves.toEqual({
      connectedAt: Date.parse('2026-01-01T00:00:00Z'),
      lastActiveAt: Date.parse('2026-01-01T00:01:00Z'),
      sourceIp: '198.51.100.1',
      userAgent: 'ua',
    });
  });

  it('deletes with DeleteConnection', async () => {
    sdk.on(DeleteConnectionCommand).resolves({});
    await gateway.delete('c1');
    expect(sdk.commandCalls(DeleteConnectionCommand)).toHaveLength(1);
  });

  it.each(ERROR_TABLE)('maps the SDK exception for $title to a $kind GatewayError', async (row) => {
    sdk.on(PostToConnectionCommand).rejects(sdkException(row));
    const error = await gateway.post('c1', Buffer.from('{}')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ kind: row.kind, status: row.status, retryable: row.retryable, connectionId: 'c1', operation: 'post' });
    expect((error as Error).cause).toBeInstanceOf(ApiGatewayManagementApiServiceException);
    if (row.kind === 'forbidden') expect((error as Error).message).toContain(MANAGE_CONNECTIONS_HINT);
  });

  it.each([
    ['GoneException without a status', () => new GoneException({ message: '', ...metadata() }), 'gone'],
    ['LimitExceededException without a status', () => new LimitExceededException({ message: '', ...metadata() }), 'throttled'],
    ['a server-fault service exception without a status', () => new ApiGatewayManagementApiServiceException({ name: 'InternalFailure', $fault: 'server', ...metadata() }), 'server'],
    ['an unmodeled client-fault exception without a status', () => new ApiGatewayManagementApiServiceException({ name: 'ValidationException', $fault: 'client', ...metadata() }), 'client'],
    ['ECONNRESET', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
    ['ECONNREFUSED', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network'],
    ['the handler’s TimeoutError', () => Object.assign(new Error('request timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), 'timeout'],
  ] as const)('maps %s by its shape', async (_label, make, kind) => {
    sdk.on(GetConnectionCommand).rejects(make());
    await expect(gateway.get('c1')).rejects.toMatchObject({ name: 'GatewayError', kind, operation: 'get' });
  });

  it('never decides by message text', async () => {
    sdk.on(PostToConnectionCommand).rejects(new ApiGatewayManagementApiServiceException({ name: 'Unknown', $fault: 'client', message: 'GoneException 410 Gone', ...metadata(400) }));
    await expect(gateway.post('c1', Buffer.from('{}'))).rejects.toMatchObject({ kind: 'client' });
  });
});

describe('SdkGateway client configuration', () => {
  it('turns SDK retries off and uses the configured endpoint and region', async () => {
    const gateway = new SdkGateway({ endpoint: 'https://ws.example.com/v1/', region: 'us-east-2', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    try {
      const config = gateway.client.config;
      expect(await config.maxAttempts()).toBe(1);
      expect(await config.region()).toBe('us-east-2');
      const endpoint = await config.endpoint?.();
      expect(endpoint).toMatchObject({ protocol: 'https:', hostname: 'ws.example.com', path: '/v1' });
    } finally {
      gateway.close();
    }
  });

  it('takes the region from an execute-api endpoint and refuses an endpoint without one', () => {
    const gateway = new SdkGateway({ endpoint: 'wss://abc123.execute-api.ap-southeast-2.amazonaws.com/prod' });
    gateway.close();
    expect(() => new SdkGateway({ endpoint: 'https://ws.example.com' })).toThrow(TypeError);
  });
});
