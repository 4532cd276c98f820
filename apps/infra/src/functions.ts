import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LAMBDA_FUNCTIONS, powertoolsEnvironment, type LambdaApp, type LambdaFunctionName } from '@streamer/config/deployment';
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

/**
 * The Lambda runtime: the newest Node.js one. The bundles are built for `node20`
 * (tools/scripts/bundle.cjs), the oldest Node the repository runs them on (the local stack loads them
 * in-process); code built for an older Node runs unchanged on a newer one. Node.js 24 supports only
 * async handlers (no callback), which every Streamer handler is
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html,
 * runtimes: https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Set on every function by the stack itself besides the deployment's variables: source maps and Powertools'. */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', ...Object.keys(powertoolsEnvironment('router'))] as const;

export interface StreamerFunctionProps {
  name: LambdaFunctionName;
  functionName: string;
  code: lambda.Code;
  environment: Record<string, string>;
  removalPolicy: RemovalPolicy;
}

/**
 * One Streamer Lambda: the newest Node.js on arm64, X-Ray tracing active, JSON logs kept a month,
 * source maps on; its bundle, handler, memory, timeout and Powertools settings come from the deployment
 * facts (`@streamer/config/deployment`). Its role may write to its own log group only (instead of the
 * managed AWSLambdaBasicExecutionRole, which allows every log group of the account).
 */
export class StreamerFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: StreamerFunctionProps) {
    const facts = LAMBDA_FUNCTIONS[props.name];
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-permissions.html
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    super(scope, id, {
      functionName: props.functionName,
      description: facts.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: facts.handler,
      code: props.code,
      memorySize: facts.memoryMb,
      timeout: Duration.seconds(facts.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...powertoolsEnvironment(props.name),
        ...props.environment,
      },
    });
  }
}
