import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { type Construct } from 'constructs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

export const LAMBDA_APPS = ['connect', 'disconnect', 'router', 'processor', 'admin-connection-manager'] as const;
export type LambdaApp = (typeof LAMBDA_APPS)[number];

export interface FunctionSpec {
  memorySize: number;
  timeout: Duration;
  description: string;
}

/** Sizing per function: the router answers fast; the processor does the heavy work. */
export const FUNCTION_SPECS: Record<LambdaApp, FunctionSpec> = {
  connect: { memorySize: 256, timeout: Duration.seconds(10), description: 'Streamer $connect: verify JWT, store connection' },
  disconnect: { memorySize: 256, timeout: Duration.seconds(10), description: 'Streamer $disconnect: mark gone, drop subscriptions' },
  router: { memorySize: 256, timeout: Duration.seconds(30), description: 'Streamer $default: validate, answer or enqueue + ack' },
  processor: { memorySize: 1024, timeout: Duration.minutes(5), description: 'Streamer processor: run queued requests' },
  'admin-connection-manager': {
    memorySize: 256,
    timeout: Duration.minutes(5),
    description: 'Streamer admin: connection queries and hourly cleanup',
  },
};

/** Where `nx run <app>:bundle` writes the Lambda bundles. */
export const BUNDLE_ROOT = path.join(workspaceRoot(__dirname), 'dist', 'apps');

export function bundleDir(app: LambdaApp, root = BUNDLE_ROOT): string {
  return path.join(root, app);
}

export const assetCode = (app: LambdaApp): lambda.Code =>
  lambda.Code.fromAsset(bundleDir(app), { exclude: ['meta.json'] });

export interface StreamerFunctionProps {
  app: LambdaApp;
  functionName: string;
  code: lambda.Code;
  environment: Record<string, string>;
  removalPolicy: RemovalPolicy;
}

/** One Streamer Lambda: Node.js 22 on arm64, JSON logs kept a month, source maps on. */
export class StreamerFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: StreamerFunctionProps) {
    const spec = FUNCTION_SPECS[props.app];
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    super(scope, id, {
      functionName: props.functionName,
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code,
      memorySize: spec.memorySize,
      timeout: spec.timeout,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `streamer-${props.app}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Streamer',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }
}
