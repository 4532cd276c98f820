import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { parseSettings } from './config';
import { StreamerStack, type StreamerStackProps } from './stack';

const inlineCode = () => lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function synth(overrides: Partial<StreamerStackProps> = {}): { stack: StreamerStack; template: Template } {
  const app = new App();
  const stack = new StreamerStack(app, 'Streamer', {
    jwt: { publicKey: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----', issuer: 'https://issuer.example' },
    code: inlineCode,
    removalPolicy: RemovalPolicy.DESTROY,
    ...overrides,
  });
  return { stack, template: Template.fromStack(stack) };
}

/** IAM statements attached to the role of one function, flattened. */
function statementsOf(template: Template, stack: StreamerStack, app: keyof StreamerStack['functions']): Record<string, unknown>[] {
  const role = stack.functions[app].role;
  if (!role) throw new Error(`${app} has no role`);
  const roleId = stack.getLogicalId(role.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: Record<string, unknown>[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s['Action']) ? (s['Action'] as string[]) : [s['Action'] as string]));

describe('StreamerStack', () => {
  const { stack, template } = synth();

  it('creates the four tables from the store definitions with keys, GSIs, TTL and the requests stream', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 4);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'UserIdIndex', KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }, { AttributeName: 'status', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'TenantIdIndex' }),
      ]),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'topic', KeyType: 'HASH' }, { AttributeName: 'connectionId', KeyType: 'RANGE' }],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'ConnectionIdIndex', Projection: { ProjectionType: 'KEYS_ONLY' } })],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'requestId', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'ConnectionIdIndex' }), Match.objectLike({ IndexName: 'UserClientIndex' })]),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'topic', KeyType: 'HASH' }, { AttributeName: 'connectionId', KeyType: 'RANGE' }],
    });
    // Topic events for replay: tenant-scoped topic + numeric seq, expiring by TTL, on demand.
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'topic', KeyType: 'HASH' }, { AttributeName: 'seq', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'topic', AttributeType: 'S' }, { AttributeName: 'seq', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  it('projects into the connection GSIs the record their queries read, never the per-frame rate-limit state or the topic list', () => {
    const record = ['endpoint', 'connectedAt', 'lastActiveAt', 'disconnectedAt', 'ttl'];
    const [connections] = Object.values(template.findResources('AWS::DynamoDB::Table', { Properties: { KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }] } }));
    const indexes = (connections as { Properties: { GlobalSecondaryIndexes: { IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[] } }).Properties.GlobalSecondaryIndexes;
    const projections = Object.fromEntries(indexes.map((i) => [i.IndexName, { type: i.Projection.ProjectionType, attributes: [...(i.Projection.NonKeyAttributes ?? [])].sort() }]));
    expect(projections).toEqual({
      UserIdIndex: { type: 'INCLUDE', attributes: ['tenantId', ...record].sort() },
      TenantIdIndex: { type: 'INCLUDE', attributes: ['userId', ...record].sort() },
      ConnectedActivityIndex: { type: 'INCLUDE', attributes: ['tenantId'] },
    });
  });

  it('indexes CONNECTED connections by activity (sparse: shard + lastActiveAt), which the admin cleanup queries with its cursor item', () => {
    const connections = stack.getLogicalId(stack.node.findChild('Tables').node.findChild('Connections').node.defaultChild as never);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'connectedShard', AttributeType: 'N' }, { AttributeName: 'lastActiveAt', AttributeType: 'N' }]),
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'ConnectedActivityIndex',
          KeySchema: [{ AttributeName: 'connectedShard', KeyType: 'HASH' }, { AttributeName: 'lastActiveAt', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['tenantId'] },
        },
      ]),
    });
    const onConnections = statementsOf(template, stack, 'admin-connection-manager').filter((st) => JSON.stringify(st['Resource']).includes(connections));
    expect(actionsOf(onConnections)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']));
    expect(JSON.stringify(onConnections)).toContain('/index/*');
  });

  it('deploys six Node.js 24 functions sized for their work, two of them from the processor bundle', () => {
    template.resourceCountIs('AWS::Lambda::Function', 6);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Streamer-router', Runtime: 'nodejs24.x', MemorySize: 256, Handler: 'index.handler' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Streamer-processor', MemorySize: 1024, Timeout: 300 });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Streamer-processor-sweep', Runtime: 'nodejs24.x', Handler: 'index.sweepHandler' });
  });

  it('routes $connect, $disconnect and $default of a WebSocket API to their functions, with a stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    for (const routeKey of ['$connect', '$disconnect', '$default']) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'prod', AutoDeploy: true });
  });

  it('passes table names, the management endpoint, the retry queue and JWT settings as env', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Streamer-connect',
      Environment: { Variables: Match.objectLike({ CONNECTIONS_TABLE: Match.anyValue(), JWT_PUBLIC_KEY: Match.stringLikeRegexp('BEGIN PUBLIC KEY'), JWT_ISSUER: 'https://issuer.example' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Streamer-processor',
      Environment: { Variables: Match.objectLike({ WEBSOCKET_ENDPOINT: Match.anyValue(), RETRY_QUEUE_URL: Match.anyValue(), REQUESTS_TABLE: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Streamer-router',
      Environment: { Variables: Match.objectLike({ WEBSOCKET_ENDPOINT: Match.anyValue() }) },
    });
  });

  it('feeds the processor from the requests stream, filtered on queued inserts, with bisect, partial failures and a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['queued'] } } } }) }] },
    });
  });

  it('feeds the processor from the SQS retry queue, which redrives to its own DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10, StartingPosition: Match.absent() });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() }, VisibilityTimeout: 1800 });
    template.resourceCountIs('AWS::SQS::Queue', 7);
  });

  it('gives the processor the lease watchdog queue: it sends one message per claim and consumes them; failures are parked', () => {
    const queues = stack.node.findChild('Queues') as unknown as Record<'watchdogQueue' | 'parkedQueue', { node: { defaultChild: unknown } }>;
    const watchdog = stack.getLogicalId(queues.watchdogQueue.node.defaultChild as never);
    const parked = stack.getLogicalId(queues.parkedQueue.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [watchdog, 'Arn'] },
      FunctionName: { Ref: stack.getLogicalId(stack.functions.processor.node.defaultChild as never) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    template.hasResource('AWS::SQS::Queue', {
      Properties: Match.objectLike({ RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [parked, 'Arn'] } }, VisibilityTimeout: 1800 }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Streamer-processor',
      Environment: { Variables: Match.objectLike({ WATCHDOG_QUEUE_URL: { Ref: watchdog }, WATCHDOG_QUEUE_ARN: { 'Fn::GetAtt': [watchdog, 'Arn'] } }) },
    });
    const sends = statementsOf(template, stack, 'processor').filter((st) => actionsOf([st]).includes('sqs:SendMessage'));
    expect(sends.map((st) => JSON.stringify(st['Resource']))).toEqual(expect.arrayContaining([expect.stringContaining(watchdog)]));
    for (const other of ['router', 'processor-sweep', 'admin-connection-manager'] as const) {
      expect(JSON.stringify(statementsOf(template, stack, other))).not.toContain(watchdog);
    }
  });

  it('feeds the processor from both dead-letter queues, which park what it cannot handle, and lets it read the stream back', () => {
    const queues = stack.node.findChild('Queues') as unknown as { retryDeadLetterQueue: { node: { defaultChild: unknown } }; streamDeadLetterQueue: { node: { defaultChild: unknown } } };
    for (const dlq of [queues.retryDeadLetterQueue, queues.streamDeadLetterQueue]) {
      const id = stack.getLogicalId(dlq.node.defaultChild as never);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': [id, 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      template.hasResource('AWS::SQS::Queue', { Properties: Match.objectLike({ RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() }, VisibilityTimeout: 1800 }) });
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Streamer-processor',
        Environment: { Variables: Match.objectLike({ [dlq === queues.retryDeadLetterQueue ? 'RETRY_DLQ_ARN' : 'STREAM_DLQ_ARN']: { 'Fn::GetAtt': [id, 'Arn'] } }) },
      });
    }
    const processorRole = stack.getLogicalId(stack.functions.processor.role?.node.defaultChild as never);
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: processorRole }] } });
    const statements = Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    const streamRead = statements.find((st) => [st.Action].flat().includes('dynamodb:GetShardIterator'));
    expect([streamRead?.Action].flat()).toEqual(expect.arrayContaining(['dynamodb:GetShardIterator', 'dynamodb:GetRecords']));
    expect(JSON.stringify(streamRead?.Resource)).toContain('StreamArn');
  });

  it('never routes WebSocket traffic to the admin function', () => {
    const admin = stack.getLogicalId(stack.functions['admin-connection-manager'].node.defaultChild as never);
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    expect(Object.keys(integrations)).toHaveLength(3);
    expect(JSON.stringify(integrations)).not.toContain(admin);
    const permissions = template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'apigateway.amazonaws.com' } });
    expect(JSON.stringify(permissions)).not.toContain(admin);
  });

  it('runs the admin cleanup hourly', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(stack.functions['admin-connection-manager'].node.defaultChild as never), 'Arn'] } })],
    });
  });

  it('routes EventBridge events with detail-type Streamer Publish (any source) to the admin function, with a dead-letter queue', () => {
    const admin = stack.getLogicalId(stack.functions['admin-connection-manager'].node.defaultChild as never);
    const queues = stack.node.findChild('Queues') as unknown as { publishDeadLetterQueue: { node: { defaultChild: unknown } } };
    const dlq = stack.getLogicalId(queues.publishDeadLetterQueue.node.defaultChild as never);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Streamer Publish'] },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [admin, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find((r) => JSON.stringify(r).includes('Streamer Publish'));
    expect(JSON.stringify(rule)).not.toContain('"source"');
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', FunctionName: { 'Fn::GetAtt': [admin, 'Arn'] } });
    // What the function itself fails after Lambda's asynchronous retries lands in the same queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: admin },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlq }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' })]) },
    });
  });

  it('runs the processor sweeps hourly, on their own function with the retry queue and request access only', () => {
    const sweep = stack.functions['processor-sweep'];
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(sweep.node.defaultChild as never), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', FunctionName: { 'Fn::GetAtt': [stack.getLogicalId(sweep.node.defaultChild as never), 'Arn'] } });
    const actions = actionsOf(statementsOf(template, stack, 'processor-sweep'));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:UpdateItem', 'sqs:SendMessage']));
    expect(actions).not.toContain('execute-api:ManageConnections');
  });

  it('leaves the admin function without the requests table or the retry queue, now that the sweeps are the processor’s', () => {
    const statements = statementsOf(template, stack, 'admin-connection-manager');
    // It may send to the publish DLQ only (its on-failure destination), never to the retry queue.
    const queues = stack.node.findChild('Queues') as unknown as Record<'retryQueue' | 'publishDeadLetterQueue', { node: { defaultChild: unknown } }>;
    const sends = statements.filter((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(sends.map((s) => JSON.stringify(s['Resource']))).toEqual([expect.stringContaining(stack.getLogicalId(queues.publishDeadLetterQueue.node.defaultChild as never))]);
    expect(JSON.stringify(statements)).not.toContain(stack.getLogicalId(queues.retryQueue.node.defaultChild as never));
    const requestsTable = stack.getLogicalId(stack.node.findChild('Tables').node.findChild('Requests').node.defaultChild as never);
    expect(JSON.stringify(statements)).not.toContain(requestsTable);
  });

  it('grants execute-api:ManageConnections on this API’s @connections only, and only to the functions that post', () => {
    for (const app of ['router', 'processor', 'admin-connection-manager'] as const) {
      const manage = statementsOf(template, stack, app).filter((s) => actionsOf([s]).includes('execute-api:ManageConnections'));
      expect(manage).toHaveLength(1);
      expect(JSON.stringify(manage[0]?.['Resource'])).toContain('/@connections/*');
      expect(JSON.stringify(manage[0]?.['Resource'])).toContain(stack.getLogicalId(stack.stage.api.node.defaultChild as never));
    }
    for (const app of ['connect', 'disconnect', 'processor-sweep'] as const) {
      expect(actionsOf(statementsOf(template, stack, app))).not.toContain('execute-api:ManageConnections');
    }
  });

  it('lets the functions that publish write topic events, and only them', () => {
    const eventsTable = stack.getLogicalId(stack.node.findChild('Tables').node.findChild('Events').node.defaultChild as never);
    const onEvents = (app: Parameters<typeof statementsOf>[2]) =>
      statementsOf(template, stack, app).filter((s) => JSON.stringify(s['Resource']).includes(eventsTable));
    for (const app of ['router', 'processor', 'admin-connection-manager'] as const) {
      expect(actionsOf(onEvents(app))).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    }
    expect(actionsOf(onEvents('router'))).toContain('dynamodb:Query');
    for (const app of ['connect', 'disconnect', 'processor-sweep'] as const) expect(onEvents(app)).toEqual([]);
  });

  it('lets the processor put items in the requests table (the pieces of a result over one message), and not the sweeps', () => {
    const requestsTable = stack.getLogicalId(stack.node.findChild('Tables').node.findChild('Requests').node.defaultChild as never);
    const onRequests = (app: Parameters<typeof statementsOf>[2]) =>
      statementsOf(template, stack, app).filter((s) => JSON.stringify(s['Resource']).includes(requestsTable));
    expect(actionsOf(onRequests('processor'))).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actionsOf(onRequests('processor-sweep'))).not.toContain('dynamodb:PutItem');
  });

  it('gives $connect nothing but PutItem on the connections table, besides its own logs and traces', () => {
    const statements = statementsOf(template, stack, 'connect');
    const data = statements.filter((s) => !actionsOf([s]).every((a) => a.startsWith('logs:') || a.startsWith('xray:')));
    expect(actionsOf(data)).toEqual(['dynamodb:PutItem']);
    expect(JSON.stringify(data[0]?.['Resource'])).toContain(stack.getLogicalId(stack.node.findChild('Tables').node.findChild('Connections').node.defaultChild as never));
    expect(actionsOf(statements).sort()).toEqual(['dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('never grants table-wide wildcards or Scan to the request path', () => {
    for (const app of ['connect', 'disconnect', 'router', 'processor'] as const) {
      const actions = actionsOf(statementsOf(template, stack, app));
      expect(actions).not.toContain('dynamodb:*');
      expect(actions).not.toContain('dynamodb:Scan');
    }
  });

  it('alarms on error rate and throttles of every function, the four dead-letter queues, the parked queue, the stream and API Gateway refusals', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6 * 2 + 5 + 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
  });

  it('outputs the WebSocket URL and the management endpoint', () => {
    template.hasOutput('WebSocketUrl', {});
    template.hasOutput('ManagementEndpoint', {});
  });

  it('maps a custom domain when one is given, and notifies a topic from alarms', () => {
    const custom = synth({
      customDomain: { domainName: 'ws.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
      notifications: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:oncall' },
      stageName: 'live',
    }).template;
    custom.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'ws.example.com' });
    custom.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'live' });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:oncall'] });
    custom.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('passes validated tuning settings to every function', () => {
    const tuned = synth({ settings: parseSettings({ MAX_RETRIES: 5, RETRY_DELAY: '10s' }) }).template;
    tuned.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Streamer-processor',
      Environment: { Variables: Match.objectLike({ MAX_RETRIES: '5', RETRY_DELAY: '10s' }) },
    });
    expect(() => parseSettings({ MAX_RETRIES: 5, TABLE: 'x' })).toThrow(/Unknown setting "TABLE"/);
    expect(() => parseSettings(['MAX_RETRIES'])).toThrow(/must be an object/);
  });

  it('warns at synthesis when no JWT key is configured', () => {
    const { stack: keyless } = synth({ jwt: {} });
    Annotations.fromStack(keyless).hasWarning('*', Match.stringLikeRegexp('No JWT key'));
  });
});
