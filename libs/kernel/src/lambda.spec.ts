import type { Context } from 'aws-lambda';
import { createTelemetry } from './lambda';

function lambdaContext(awsRequestId: string): Context {
  return {
    awsRequestId,
    functionName: 'streamer-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:streamer-test',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/streamer-test',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe('createTelemetry(...).wrap', () => {
  const originalEnv = process.env;
  let printed: string[];
  beforeEach(() => {
    // What the Lambda runtime sets for an on-demand function (Powertools reports cold starts only then).
    process.env = { ...originalEnv, AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', POWERTOOLS_LOG_LEVEL: 'INFO' };
    delete process.env['POWERTOOLS_DEV'];
    delete process.env['POWERTOOLS_METRICS_DISABLED'];
    printed = [];
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => {
    process.env = originalEnv;
  });

  const lines = () => printed.join('').split('\n').filter(Boolean).map((text) => JSON.parse(text) as Record<string, unknown>);

  it('logs with the Lambda context and only this invocation’s keys, and flushes the metrics before returning', async () => {
    const telemetry = createTelemetry({ serviceName: 'streamer-test', functionName: 'test', env: {} });
    const handler = telemetry.wrap(
      async (event: { connectionId: string; tenantId?: string }, _context?: Context) => {
        if (event.tenantId) telemetry.correlate({ tenantId: event.tenantId });
        telemetry.logger.info('handled');
        telemetry.metrics.count('Handled', 1, { action: 'test' });
        return 'ok';
      },
      (event) => ({ connectionId: event.connectionId }),
    );
    await expect(handler({ connectionId: 'c-1', tenantId: 'acme' }, lambdaContext('r-1'))).resolves.toBe('ok');
    await handler({ connectionId: 'c-2' }, lambdaContext('r-2'));

    const logs = lines().filter((line) => line['message'] === 'handled');
    expect(logs[0]).toMatchObject({ function_request_id: 'r-1', cold_start: true, connectionId: 'c-1', tenantId: 'acme', service: 'streamer-test' });
    expect(logs[1]).toMatchObject({ function_request_id: 'r-2', cold_start: false, connectionId: 'c-2' });
    expect(logs[1]).not.toHaveProperty('tenantId');
    const emf = lines().filter((line) => line['_aws'] !== undefined);
    expect(emf.map((line) => [line['Handled'], line['function'], line['action']])).toEqual([
      [1, 'test', 'test'],
      [1, 'test', 'test'],
    ]);
  });

  it('flushes the metrics of an invocation that throws, and rethrows', async () => {
    const telemetry = createTelemetry({ serviceName: 'streamer-test', functionName: 'test', env: {} });
    const handler = telemetry.wrap(async (_event: unknown, _context?: Context) => {
      telemetry.metrics.count('Attempted');
      throw new Error('boom');
    });
    await expect(handler({}, lambdaContext('r-3'))).rejects.toThrow('boom');
    expect(lines().filter((line) => line['Attempted'] === 1)).toHaveLength(1);
  });
});
