// The WebSocket stage's access log: one JSON line per connect, message and disconnect, in a log group
// with a retention, written by API Gateway with the account's CloudWatch role.
import { type RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The fields of a line, from the `$context` variables of WebSocket access logs
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html).
 * Nothing of the request itself: no query string, no header — the token travels in the query string
 * or in Sec-WebSocket-Protocol, and must never reach a log. Every value is quoted (API Gateway writes
 * `-` for one that does not apply, e.g. no integration latency on a refused request) except
 * `errorMessage`: `$context.error.messageString` is the message already quoted, so a quote inside it
 * cannot break the line's JSON.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '"$context.requestId"',
  connectionId: '"$context.connectionId"',
  eventType: '"$context.eventType"',
  routeKey: '"$context.routeKey"',
  status: '"$context.status"',
  integrationStatus: '"$context.integration.status"',
  integrationLatency: '"$context.integrationLatency"',
  errorMessage: '$context.error.messageString',
  integrationError: '"$context.integration.error"',
  ip: '"$context.identity.sourceIp"',
  requestTime: '"$context.requestTime"',
} as const;

/** The single-line JSON format: `{"requestId":"$context.requestId",…}`. */
export function accessLogFormat(): apigateway.AccessLogFormat {
  const body = Object.entries(ACCESS_LOG_FIELDS).map(([name, value]) => `"${name}":${value}`).join(',');
  return apigateway.AccessLogFormat.custom(`{${body}}`);
}

export interface AccessLogsProps {
  removalPolicy: RemovalPolicy;
  /**
   * Create the account-level role API Gateway writes CloudWatch Logs with (AWS::ApiGateway::Account,
   * one per account and region: it replaces any role set before). Off when the account has one.
   */
  accountRole: boolean;
}

/** The log group and the stage's access-log settings; the stage must depend on `dependable`. */
export class AccessLogs extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly settings: apigwv2.IAccessLogSettings;
  /** The account's CloudWatch role setting, when this stack sets it. */
  readonly account?: apigateway.CfnAccount;

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    this.settings = { destination: new apigwv2.LogGroupLogDestination(this.logGroup), format: accessLogFormat() };
    // A stage with access logging is refused ("CloudWatch Logs role ARN must be set in account
    // settings to enable logging") until the account has a role API Gateway can assume to write logs
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
    if (props.accountRole) {
      const role = new iam.Role(this, 'CloudWatchRole', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
      });
      role.applyRemovalPolicy(props.removalPolicy);
      this.account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    }
  }
}
