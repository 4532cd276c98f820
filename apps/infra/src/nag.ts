// cdk-nag's AwsSolutions checks on the synthesized app (a finding fails synthesis), and the findings
// Streamer acknowledges: each names its rule — and for IAM5 the exact finding — and why it holds here.
import { type App, type Stack, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { StreamerStack } from './stack';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

const acknowledge = (scope: IConstruct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id, reason });

export function acknowledgeNagFindings(stack: StreamerStack): void {
  for (const fn of Object.values(stack.functions)) {
    // Each role's only `*`: Lambda's active tracing adds xray:PutTraceSegments and PutTelemetryRecords.
    if (fn.role) acknowledge(fn.role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html); granted by active tracing');
  }
  for (const table of Object.values(stack.tables)) {
    acknowledge(stack, `AwsSolutions-IAM5[Resource::<${logicalId(stack, table)}.Arn>/index/*]`,
      'The functions query this table’s own GSIs (names from the store’s table definitions); the grant covers the indexes of this one table, with the same actions as the table');
  }
  acknowledge(stack, `AwsSolutions-IAM5[Resource::${connectionsArn(stack)}]`,
    'execute-api:ManageConnections addresses connections by id, created per socket at run time: `@connections/*` of this API and stage is the narrowest resource the management API allows');
  acknowledge(stack.stage.api, 'AwsSolutions-APIG4',
    'WebSocket APIs take an authorizer on $connect only; $connect verifies the JWT itself (@streamer/auth: signature, exp, issuer, audience) and refuses the upgrade, and $default/$disconnect run only on a connection $connect accepted');
  for (const queue of [stack.queues.publishDeadLetterQueue, stack.schedules.deadLetterQueue]) {
    acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue (an EventBridge target DLQ / Lambda on-failure destination, not an SQS redrive source, so cdk-nag cannot see it); a person reads it and an alarm fires on its depth');
  }
  const cloudWatchRole = stack.accessLogs.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    acknowledge(cloudWatchRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-wide role API Gateway logs with serves every API of the account and region; AWS documents this managed policy for it (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html)');
  }
}

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** The management API resource as cdk-nag prints it: pseudo parameters as `<AWS::…>`, references as `<LogicalId>`. */
function connectionsArn(stack: StreamerStack): string {
  const known = (value: string, pseudo: string): string => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const api = logicalId(stack, stack.stage.api);
  return `arn:${known(stack.partition, 'Partition')}:execute-api:${known(stack.region, 'Region')}:${known(stack.account, 'AccountId')}:<${api}>/${stack.stage.stageName}/*/@connections/*`;
}
