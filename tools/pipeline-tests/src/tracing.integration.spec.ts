// X-Ray through the bundles: a `$disconnect` invocation in its own process, with the variables the
// Lambda runtime sets under active tracing (AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, _X_AMZN_TRACE_ID,
// AWS_XRAY_DAEMON_ADDRESS, AWS_LAMBDA_INITIALIZATION_TYPE; https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
// sends its subsegments to a UDP daemon here: the handler's, annotated, and one per DynamoDB call.
// With POWERTOOLS_TRACE_ENABLED=false it sends nothing.
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { waitFor } from '@streamer/kernel/testing';

const BUNDLE = path.resolve(__dirname, '../../../dist/apps/disconnect/index.js');
const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';

interface Subsegment {
  name: string;
  trace_id: string;
  parent_id: string;
  id: string;
  annotations?: Record<string, unknown>;
  aws?: { operation?: string };
}

async function traced(env: Record<string, string>): Promise<{ segments: Subsegment[]; reply: unknown }> {
  const daemon = dgram.createSocket('udp4');
  const segments: Subsegment[] = [];
  // Each datagram: a header line, then one segment document (X-Ray daemon protocol).
  daemon.on('message', (datagram) => segments.push(JSON.parse(datagram.toString('utf8').split('\n')[1] ?? '{}') as Subsegment));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  try {
    const event = { requestContext: { connectionId: 'traced-conn', routeKey: '$disconnect', eventType: 'DISCONNECT' } };
    const child = fork(path.join(__dirname, 'test-support/traced-invocation.cjs'), [BUNDLE, JSON.stringify(event)], {
      env: {
        ...process.env,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        LAMBDA_TASK_ROOT: path.dirname(BUNDLE),
        _HANDLER: 'index.handler',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1`,
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let reply: unknown;
    child.once('message', (message) => (reply = message));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', () => resolve());
      child.once('error', reject);
    });
    // The child sent its datagrams before it exited; the socket may not have read them all yet.
    if (env['POWERTOOLS_TRACE_ENABLED'] !== 'false') await waitFor(() => segments.some((s) => s.name === '## index.handler'), 'the handler subsegment', 5_000);
    return { segments, reply };
  } finally {
    daemon.close();
  }
}

describe('tracing of the bundles', () => {
  it('sends the handler subsegment, annotated, with the DynamoDB calls under it', async () => {
    const { segments, reply } = await traced({});
    expect(reply).toEqual({ result: { statusCode: 200 } });
    const handler = segments.find((s) => s.name === '## index.handler');
    expect(handler).toMatchObject({
      trace_id: TRACE_ID,
      parent_id: '53995c3f42cd8ad8',
      annotations: { ColdStart: true, Service: 'streamer-disconnect', awsRequestId: 'req-traced-1', connectionId: 'traced-conn' },
    });
    const calls = segments.filter((s) => s.name === 'DynamoDB' && s.parent_id === handler?.id);
    expect(calls.map((s) => s.aws?.operation)).toContain('UpdateItem');
  });

  it('sends nothing with POWERTOOLS_TRACE_ENABLED=false', async () => {
    const { segments, reply } = await traced({ POWERTOOLS_TRACE_ENABLED: 'false' });
    expect(reply).toEqual({ result: { statusCode: 200 } });
    expect(segments).toEqual([]);
  });
});
