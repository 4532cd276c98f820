import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LAMBDA_FUNCTIONS, type LambdaApp, type LambdaFunctionName } from '@streamer/config/deployment';
import { type Construct } from 'constructs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

/** Where `nx run <app>:bundle` writes the Lambda bundles. */
export const BUNDLE_ROOT = path.join(workspaceRoot(__dirname), 'dist', 'apps');

export function bundleDir(app: LambdaApp, root = BUNDLE_ROOT): string {
  return path.join(root, app);
}

export const assetCode = (app: LambdaApp): lambda.Code =>
  lambda.Code.fromAsset(bundleDir(app), { exclude: ['meta.json'] });

/** Set on every function by the stack itself (not deployment facts: the runtime's own settings). */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL'] as const;

export interface StreamerFunctionProps {
  name: LambdaFunctionName;
  functionName: string;
  code: lambda.Code;
  environment: Record<string, string>;
  removalPolicy: RemovalPolicy;
}

/**
 * One Streamer Lambda: Node.js 22 on arm64, JSON logs kept a month, source maps on; its bundle,
 * handler, memory and timeout come from the deployment facts (`@streamer/config/deployment`).
 */
export class StreamerFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: StreamerFunctionProps) {
    const facts = LAMBDA_FUNCTIONS[props.name];
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    super(scope, id, {
      functionName: props.functionName,
      description: facts.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: facts.handler,
      code: props.code,
      memorySize: facts.memoryMb,
      timeout: Duration.seconds(facts.timeoutSeconds),
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `streamer-${props.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Streamer',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
  }
}
