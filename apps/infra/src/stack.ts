import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { type Construct } from 'constructs';
import { Alarms } from './alarms';
import { hasJwtKey, jwtEnvironment, type CustomDomain, type JwtSettings } from './config';
import { FUNCTION_SPECS, LAMBDA_APPS, StreamerFunction, assetCode, type LambdaApp } from './functions';
import { grantTableAccess } from './permissions';
import { connectProcessorSources } from './processing';
import { Queues } from './queues';
import { Tables } from './tables';

export interface StreamerStackProps extends StackProps {
  stageName?: string;
  jwt: JwtSettings;
  customDomain?: CustomDomain;
  /** Where alarms notify; none → alarms only. */
  alarmTopicArn?: string;
  /** Settings passed through as env (MAX_RETRIES, RETRY_DELAY, CONNECTION_TTL, STALE_AFTER, RATE_LIMIT_*). */
  settings?: Record<string, string>;
  /** Lambda code per app; defaults to the bundles under dist/apps/<app>. */
  code?: (app: LambdaApp) => lambda.Code;
  removalPolicy?: RemovalPolicy;
}

/** The whole deployment: WebSocket API + stage, five functions, three tables, SQS, schedule, alarms. */
export class StreamerStack extends Stack {
  readonly functions: Record<LambdaApp, StreamerFunction>;
  readonly stage: apigwv2.WebSocketStage;

  constructor(scope: Construct, id: string, props: StreamerStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const { tables } = new Tables(this, 'Tables', { removalPolicy });
    const queues = new Queues(this, 'Queues', { processorTimeout: FUNCTION_SPECS.processor.timeout, removalPolicy });
    const tableEnv = {
      CONNECTIONS_TABLE: tables.connections.tableName,
      REQUESTS_TABLE: tables.requests.tableName,
      SUBSCRIPTIONS_TABLE: tables.subscriptions.tableName,
    };
    const make = (app: LambdaApp, env: Record<string, string>): StreamerFunction =>
      new StreamerFunction(this, pascal(app), {
        app,
        functionName: `${this.stackName}-${app}`,
        code: (props.code ?? assetCode)(app),
        environment: { ...tableEnv, ...props.settings, ...env },
        removalPolicy,
      });

    if (!hasJwtKey(props.jwt)) {
      const message = 'No JWT key: set context jwtPublicKey or jwksUrl, or $connect rejects every client';
      Annotations.of(this).addWarningV2('streamer:jwt-key', message);
    }
    const connect = make('connect', jwtEnvironment(props.jwt));
    const disconnect = make('disconnect', {});
    const router = make('router', {});
    const api = new apigwv2.WebSocketApi(this, 'Api', {
      apiName: `${this.stackName}-websocket`,
      connectRouteOptions: { integration: new WebSocketLambdaIntegration('ConnectIntegration', connect) },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('DisconnectIntegration', disconnect) },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('DefaultIntegration', router) },
    });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: api,
      stageName: props.stageName ?? 'prod',
      autoDeploy: true,
    });
    const managed = { WEBSOCKET_ENDPOINT: this.stage.callbackUrl, RETRY_QUEUE_URL: queues.retryQueue.queueUrl };
    router.addEnvironment('WEBSOCKET_ENDPOINT', managed.WEBSOCKET_ENDPOINT);
    const processor = make('processor', managed);
    const admin = make('admin-connection-manager', managed);
    this.functions = { connect, disconnect, router, processor, 'admin-connection-manager': admin };

    for (const app of LAMBDA_APPS) grantTableAccess(app, this.functions[app], tables);
    for (const fn of [router, processor, admin]) this.stage.grantManagementApiAccess(fn);
    queues.retryQueue.grantSendMessages(processor);
    queues.retryQueue.grantSendMessages(admin);
    connectProcessorSources(processor, tables.requests, queues);
    new events.Rule(this, 'HourlyCleanup', {
      description: 'Streamer: mark stale connections and re-queue expired leases',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(admin)],
    });
    const topic = props.alarmTopicArn ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined;
    new Alarms(this, 'Alarms', {
      functions: this.functions,
      deadLetterQueues: { RetryDlq: queues.retryDeadLetterQueue, StreamDlq: queues.streamDeadLetterQueue, ParkedDeadLetters: queues.parkedQueue },
      topic,
    });
    if (props.customDomain) this.mapDomain(api, props.customDomain);
    this.outputs(tables, admin);
  }

  private mapDomain(api: apigwv2.WebSocketApi, domain: CustomDomain): void {
    const certificate = acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn);
    const domainName = new apigwv2.DomainName(this, 'Domain', { domainName: domain.domainName, certificate });
    new apigwv2.ApiMapping(this, 'DomainMapping', { api, domainName, stage: this.stage });
    new CfnOutput(this, 'CustomDomainTarget', { value: domainName.regionalDomainName, description: 'CNAME target' });
  }

  private outputs(tables: Tables['tables'], admin: lambda.IFunction): void {
    new CfnOutput(this, 'WebSocketUrl', { value: this.stage.url, description: 'Clients connect here' });
    new CfnOutput(this, 'ManagementEndpoint', { value: this.stage.callbackUrl, description: 'WEBSOCKET_ENDPOINT' });
    new CfnOutput(this, 'AdminFunctionName', { value: admin.functionName });
    for (const [kind, table] of Object.entries(tables)) new CfnOutput(this, `${pascal(kind)}Table`, { value: table.tableName });
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());
}
