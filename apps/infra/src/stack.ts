import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { type Construct } from 'constructs';
import { AccessLogs } from './access-logs';
import { AlarmTopic, type AlarmNotifications } from './alarm-topic';
import { Alarms } from './alarms';
import { Dashboard } from './dashboard';
import {
  type DeploymentVariable,
  EVENT_SOURCES,
  LAMBDA_FUNCTION_NAMES,
  LAMBDA_FUNCTIONS,
  type LambdaApp,
  type LambdaFunctionFacts,
  type LambdaFunctionName,
  PUBLISH_RULE,
} from '@streamer/config/deployment';
import { DEFAULT_THROTTLE, hasJwtKey, jwtEnvironment, type CustomDomain, type JwtSettings } from './config';
import { StreamerFunction, assetCode } from './functions';
import { grantTableAccess } from './permissions';
import { connectProcessorSources } from './processing';
import { Queues } from './queues';
import { pascal, Schedules } from './schedules';
import { Tables, type StreamerTables } from './tables';

export interface StreamerStackProps extends StackProps {
  stageName?: string;
  jwt: JwtSettings;
  customDomain?: CustomDomain;
  /** Where alarms notify: the stack's own SNS topic (or an existing one), with an email / HTTPS subscription. */
  notifications?: AlarmNotifications;
  /** The stage's default route throttling (steady messages per second, burst). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Set the account's API Gateway CloudWatch role (needed for access logs); default true. */
  apiGatewayAccountRole?: boolean;
  /** Settings passed through as env (MAX_RETRIES, RETRY_DELAY, CONNECTION_TTL, STALE_AFTER, RATE_LIMIT_*). */
  settings?: Record<string, string>;
  /** Lambda code per bundle; defaults to the bundles under dist/apps/<app>. */
  code?: (app: LambdaApp) => lambda.Code;
  removalPolicy?: RemovalPolicy;
}

/**
 * The whole deployment: WebSocket API + stage (access log, throttling), the functions and schedules of
 * the deployment facts (`@streamer/config/deployment`), four tables, SQS, the publish rule, alarms to an
 * SNS topic, a dashboard.
 */
export class StreamerStack extends Stack {
  readonly functions: Record<LambdaFunctionName, StreamerFunction>;
  readonly stage: apigwv2.WebSocketStage;
  readonly tables: StreamerTables;
  readonly queues: Queues;
  readonly schedules: Schedules;
  readonly accessLogs: AccessLogs;

  constructor(scope: Construct, id: string, props: StreamerStackProps) {
    super(scope, id, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const { tables } = new Tables(this, 'Tables', { removalPolicy });
    this.tables = tables;
    const processorTimeout = Duration.seconds(LAMBDA_FUNCTIONS.processor.timeoutSeconds);
    const queues = new Queues(this, 'Queues', { processorTimeout, removalPolicy });
    this.queues = queues;
    // Every deployment variable's value; each function gets the ones the facts table lists for it.
    const values: Omit<Record<DeploymentVariable, string>, 'WEBSOCKET_ENDPOINT'> = {
      CONNECTIONS_TABLE: tables.connections.tableName,
      REQUESTS_TABLE: tables.requests.tableName,
      SUBSCRIPTIONS_TABLE: tables.subscriptions.tableName,
      EVENTS_TABLE: tables.events.tableName,
      RETRY_QUEUE_URL: queues.retryQueue.queueUrl,
      RETRY_DLQ_ARN: queues.retryDeadLetterQueue.queueArn,
      STREAM_DLQ_ARN: queues.streamDeadLetterQueue.queueArn,
      WATCHDOG_QUEUE_URL: queues.watchdogQueue.queueUrl,
      WATCHDOG_QUEUE_ARN: queues.watchdogQueue.queueArn,
    };
    const codes = new Map<LambdaApp, lambda.Code>();
    const codeOf = (app: LambdaApp): lambda.Code => {
      const code = codes.get(app) ?? (props.code ?? assetCode)(app);
      codes.set(app, code);
      return code;
    };
    const make = (name: LambdaFunctionName): StreamerFunction => {
      const facts: LambdaFunctionFacts = LAMBDA_FUNCTIONS[name];
      const known = facts.environment.flatMap((variable) => (variable === 'WEBSOCKET_ENDPOINT' ? [] : [[variable, values[variable]] as const]));
      const given = Object.entries(jwtEnvironment(props.jwt)).filter(([variable]) => facts.optionalEnvironment?.includes(variable));
      return new StreamerFunction(this, pascal(name), {
        name,
        functionName: `${this.stackName}-${name}`,
        code: codeOf(facts.bundle),
        environment: { ...Object.fromEntries(known), ...props.settings, ...Object.fromEntries(given) },
        removalPolicy,
      });
    };

    if (!hasJwtKey(props.jwt)) {
      const message = 'No JWT key: set context jwtPublicKey or jwksUrl, or $connect rejects every client';
      Annotations.of(this).addWarningV2('streamer:jwt-key', message);
    }
    this.functions = Object.fromEntries(LAMBDA_FUNCTION_NAMES.map((name) => [name, make(name)])) as Record<LambdaFunctionName, StreamerFunction>;
    const { connect, disconnect, router } = this.functions;
    const admin = this.functions['admin-connection-manager'];
    const api = new apigwv2.WebSocketApi(this, 'Api', {
      apiName: `${this.stackName}-websocket`,
      connectRouteOptions: { integration: new WebSocketLambdaIntegration('ConnectIntegration', connect) },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('DisconnectIntegration', disconnect) },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('DefaultIntegration', router) },
    });
    const accessLogs = (this.accessLogs = new AccessLogs(this, 'AccessLogs', { removalPolicy, accountRole: props.apiGatewayAccountRole ?? true }));
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: api,
      stageName: props.stageName ?? 'prod',
      autoDeploy: true,
      accessLogSettings: accessLogs.settings,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
    });
    if (accessLogs.account) this.stage.node.addDependency(accessLogs.account);
    // The management endpoint exists only once the stage does, after the functions it routes to.
    // A function that is given an endpoint or a queue may use it; nothing else may.
    for (const name of LAMBDA_FUNCTION_NAMES) {
      const fn = this.functions[name];
      const environment: readonly DeploymentVariable[] = LAMBDA_FUNCTIONS[name].environment;
      if (environment.includes('WEBSOCKET_ENDPOINT')) {
        fn.addEnvironment('WEBSOCKET_ENDPOINT', this.stage.callbackUrl);
        this.stage.grantManagementApiAccess(fn);
      }
      if (environment.includes('RETRY_QUEUE_URL')) queues.retryQueue.grantSendMessages(fn);
      if (environment.includes('WATCHDOG_QUEUE_URL')) queues.watchdogQueue.grantSendMessages(fn);
      grantTableAccess(name, fn, tables);
    }
    connectProcessorSources(this.functions[EVENT_SOURCES.function], tables.requests, queues);
    const schedules = (this.schedules = new Schedules(this, 'Schedules', { functionOf: (name) => this.functions[name], removalPolicy }));
    this.publishRule(queues);
    const deadLetterQueues = {
      RetryDlq: queues.retryDeadLetterQueue,
      StreamDlq: queues.streamDeadLetterQueue,
      ParkedDeadLetters: queues.parkedQueue,
      PublishDlq: queues.publishDeadLetterQueue,
      ScheduleDlq: schedules.deadLetterQueue,
    };
    const { topic } = new AlarmTopic(this, 'AlarmTopic', props.notifications ?? {});
    const streamConsumer = this.functions[EVENT_SOURCES.function];
    const { alarms } = new Alarms(this, 'Alarms', { functions: this.functions, deadLetterQueues, streamConsumer, stage: this.stage, topic });
    new Dashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      stage: this.stage,
      functions: this.functions,
      connect,
      disconnect,
      streamConsumer,
      deadLetterQueues,
      alarms,
    });
    if (props.customDomain) this.mapDomain(api, props.customDomain);
    this.outputs(tables, admin);
  }

  /**
   * Backends publish with one PutEvents on the default bus: detail-type `Streamer Publish`, any source
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html). Events
   * EventBridge cannot deliver go to the publish DLQ (the target's dead-letter queue), and so do
   * events the function fails after Lambda's asynchronous retries (its on-failure destination).
   */
  private publishRule(queues: Queues): void {
    const fn = this.functions[PUBLISH_RULE.function];
    const deadLetterQueue = queues.publishDeadLetterQueue;
    fn.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(deadLetterQueue) });
    new events.Rule(this, pascal(PUBLISH_RULE.name), {
      description: PUBLISH_RULE.description,
      eventPattern: { detailType: [PUBLISH_RULE.detailType] },
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue,
          retryAttempts: PUBLISH_RULE.retryAttempts,
          maxEventAge: Duration.hours(PUBLISH_RULE.maxEventAgeHours),
        }),
      ],
    });
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

