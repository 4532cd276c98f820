// Tracing, the access log, throttling, the dashboard, the alarms and where they notify, the schedules'
// dead-letter queue: what an operator of a deployed stack relies on.
import { LAMBDA_FUNCTION_NAMES, POWERTOOLS, SCHEDULE_DELIVERY, SCHEDULES } from '@streamer/config/deployment';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ACCESS_LOG_FIELDS } from './access-logs';
import { ALARM_THRESHOLDS } from './alarms';
import { createStreamerApp } from './app';
import { DEFAULT_THROTTLE } from './config';
import { CUSTOM_METRICS } from './dashboard';
import type { StreamerStack } from './stack';

const code = () => lambda.Code.fromInline('exports.handler = async () => 1;');

function synth(context: Record<string, unknown> = {}): { stack: StreamerStack; template: Template } {
  const { stack } = createStreamerApp({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMFk=\n-----END PUBLIC KEY-----' }, new App({ context }), { code, removalPolicy: RemovalPolicy.DESTROY });
  return { stack, template: Template.fromStack(stack) };
}

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };
const values = (template: Template, type: string): Resource[] => Object.values(template.findResources(type)) as Resource[];

describe('operations', () => {
  const { stack, template } = synth({ alarmEmail: 'oncall@example.com', alarmWebhookUrl: 'https://hooks.example.com/streamer' });
  const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);

  it('traces every function with X-Ray and gives it the Powertools service name and namespace', () => {
    for (const name of LAMBDA_FUNCTION_NAMES) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `Streamer-${name}`,
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: `streamer-${name}`, POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS.metricsNamespace, POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false' }) },
      });
    }
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies.match(/xray:PutTraceSegments/g)).toHaveLength(LAMBDA_FUNCTION_NAMES.length);
  });

  it('lets each function write its own log group only, without the account-wide basic execution policy', () => {
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('AWSLambdaBasicExecutionRole');
    const router = stack.functions.router;
    const logGroup = stack.node.findChild('RouterLogs') as unknown as { node: { defaultChild: unknown } };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(router.role?.node.defaultChild as never) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [id(logGroup), 'Arn'] } })]) },
    });
  });

  it('writes a JSON access log line per event to a log group with a retention, never the query string or a header', () => {
    const [stage] = values(template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties['AccessLogSettings'] as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [id(stack.accessLogs.logGroup), 'Arn'] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    // What API Gateway would write, with every variable replaced by a value, parses as JSON.
    const line = settings.Format.replace(/\$context\.error\.messageString/g, '"Forbidden"').replace(/\$context\.[A-Za-z.]+/g, 'x');
    expect(Object.keys(JSON.parse(line) as object)).toEqual(Object.keys(ACCESS_LOG_FIELDS));
    for (const variable of ['requestId', 'connectionId', 'eventType', 'routeKey', 'status', 'integrationLatency', 'error.messageString', 'identity.sourceIp', 'requestTime']) {
      expect(settings.Format).toContain(`$context.${variable}`);
    }
    expect(settings.Format).not.toMatch(/\$request|\$input|querystring|header|authorizer|identity\.userAgent/i);
  });

  it('sets the account’s API Gateway CloudWatch role before the stage, unless told the account has one', () => {
    const [account] = values(template, 'AWS::ApiGateway::Account');
    expect(account?.Properties['CloudWatchRoleArn']).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AccessLogsCloudWatchRole/), 'Arn'] });
    const [stageId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(template.toJSON().Resources[stageId ?? ''].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AccessLogsAccount/)]));
    synth({ apiGatewayAccountRole: 'false' }).template.resourceCountIs('AWS::ApiGateway::Account', 0);
    expect(() => synth({ apiGatewayAccountRole: 'no' })).toThrow(/apiGatewayAccountRole.*true or false/);
  });

  it('throttles the stage’s routes by default and as the context says', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: DEFAULT_THROTTLE.rateLimit, ThrottlingBurstLimit: DEFAULT_THROTTLE.burstLimit },
    });
    synth({ throttleRateLimit: '250', throttleBurstLimit: 100 }).template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 250, ThrottlingBurstLimit: 100 },
    });
    expect(() => synth({ throttleRateLimit: 'fast' })).toThrow(/throttleRateLimit.*positive number/);
  });

  it('charts connections, requests by status, p99 latency, errors, dead letters and the stream’s iterator age', () => {
    const [dashboard] = values(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties['DashboardBody']);
    for (const title of ['Connections', 'Requests by status', 'Latency p99 (ms)', 'Errors', 'Dead-letter queue depth', 'Requests stream iterator age (ms)', 'Alarms']) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
    for (const metric of ['ConnectCount', 'MessageCount', 'ClientError', 'IntegrationError', 'IntegrationLatency', 'IteratorAge', 'ApproximateNumberOfMessagesVisible']) expect(body).toContain(`\\"${metric}\\"`);
    expect(body).toContain(`Namespace=\\\\\\"${POWERTOOLS.metricsNamespace}\\\\\\" MetricName=\\\\\\"RequestProcessed\\\\\\"`);
    for (const metric of Object.values(CUSTOM_METRICS)) expect(body).toContain(`MetricName=\\\\\\"${metric}\\\\\\"`);
    expect(body).toContain('p99');
  });

  it('alarms on the stream’s iterator age, each function’s error rate (metric math) and API Gateway refusals', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: ALARM_THRESHOLDS.iteratorAgeMs });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ClientError', Namespace: 'AWS/ApiGateway', Threshold: ALARM_THRESHOLDS.apiClientErrors });
    const rates = values(template, 'AWS::CloudWatch::Alarm').filter((a) => JSON.stringify(a.Properties['Metrics'] ?? '').includes('100 * errors_'));
    expect(rates).toHaveLength(LAMBDA_FUNCTION_NAMES.length);
    expect(rates.every((a) => a.Properties['Threshold'] === ALARM_THRESHOLDS.errorRatePercent)).toBe(true);
  });

  it('sends every alarm and its recovery to one SNS topic, TLS only, with the email and HTTPS hook of the context', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of values(template, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: topic }]);
      expect(alarm.Properties['OKActions']).toEqual([{ Ref: topic }]);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topic } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://hooks.example.com/streamer', TopicArn: { Ref: topic } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(() => synth({ alarmWebhookUrl: 'http://hooks.example.com' })).toThrow(/alarmWebhookUrl.*https/);
    expect(() => synth({ alarmEmail: 'oncall' })).toThrow(/alarmEmail/);
  });

  it('retries each schedule’s delivery and dead-letters what EventBridge still cannot deliver, with an alarm on that queue', () => {
    const dlq = id(stack.schedules.deadLetterQueue);
    const scheduled = values(template, 'AWS::Events::Rule').filter((r) => r.Properties['ScheduleExpression'] !== undefined);
    expect(scheduled).toHaveLength(SCHEDULES.length);
    for (const rule of scheduled) {
      expect(rule.Properties['Targets']).toEqual([expect.objectContaining({
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: SCHEDULE_DELIVERY.retryAttempts, MaximumEventAgeInSeconds: SCHEDULE_DELIVERY.maxEventAgeMinutes * 60 },
      })]);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }] });
  });
});
