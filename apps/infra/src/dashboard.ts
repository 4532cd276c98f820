import { POWERTOOLS } from '@streamer/config/deployment';
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { errorRate } from './alarms';

/**
 * The functions' own EMF metrics (namespace POWERTOOLS.metricsNamespace) the dashboard charts: the
 * requests and their processing time (by action), errors by code, send and broadcast latencies. A
 * metric no function writes yet just draws nothing.
 */
export const CUSTOM_METRICS = {
  requests: 'RequestProcessed',
  processingTime: 'ProcessingTime',
  errors: 'Errors',
  sendLatency: 'SendLatency',
  broadcastLatency: 'BroadcastLatency',
} as const;

const PERIOD = Duration.minutes(1);
const WIDTH = 12;

export interface DashboardProps {
  dashboardName: string;
  stage: apigwv2.IWebSocketStage;
  functions: Record<string, lambda.IFunction>;
  connect: lambda.IFunction;
  disconnect: lambda.IFunction;
  streamConsumer: lambda.IFunction;
  deadLetterQueues: Record<string, sqs.IQueue>;
  alarms: cloudwatch.IAlarm[];
}

/**
 * One CloudWatch dashboard: connections, requests by status, p99 latencies, errors, dead letters, the
 * stream's iterator age and every alarm. API Gateway's WebSocket metrics
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html)
 * plus the functions' EMF metrics, found by SEARCH over every dimension set they are written with.
 */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const api = (metricName: string, statistic = 'Sum', label = metricName): cloudwatch.IMetric => props.stage.metric(metricName, { period: PERIOD, statistic, label });
    const fns = Object.entries(props.functions);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      graph('Connections', [
        api('ConnectCount', 'Sum', 'connects (API Gateway)'),
        props.disconnect.metricInvocations({ period: PERIOD, label: 'disconnects ($disconnect invocations)' }),
        props.connect.metricErrors({ period: PERIOD, label: '$connect errors' }),
      ]),
      graph('Requests by status', [
        api('MessageCount', 'Sum', 'messages'),
        api('ClientError', 'Sum', '4XX by API Gateway (throttling among them)'),
        api('IntegrationError', 'Sum', '4XX/5XX from the functions'),
        api('ExecutionError', 'Sum', 'integration call failures'),
        search(CUSTOM_METRICS.requests, 'Sum'),
      ]),
      graph('Latency p99 (ms)', [
        api('IntegrationLatency', 'p99', 'API Gateway → function p99'),
        ...fns.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: `${name} p99` })),
        search(CUSTOM_METRICS.processingTime, 'p99'),
        search(CUSTOM_METRICS.sendLatency, 'p99'),
        search(CUSTOM_METRICS.broadcastLatency, 'p99'),
      ]),
      graph('Errors', [
        ...fns.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: `${name} errors` })),
        ...fns.map(([name, fn]) => fn.metricThrottles({ period: PERIOD, label: `${name} throttles` })),
        search(CUSTOM_METRICS.errors, 'Sum'),
      ]),
      graph('Error rate (%)', fns.map(([name, fn]) => errorRate(name, fn, PERIOD))),
      graph('Dead-letter queue depth', Object.entries(props.deadLetterQueues).map(([name, queue]) =>
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: name }))),
      graph('Requests stream iterator age (ms)', [props.streamConsumer.metric('IteratorAge', { period: PERIOD, statistic: 'Maximum', label: 'processor IteratorAge' })]),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: WIDTH }),
    );
  }
}

function graph(title: string, left: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: 6 });
}

/**
 * Every time series of one EMF metric, whatever its dimensions (action, status, function…): a search
 * term without a `{namespace,dimension…}` schema matches every dimension set
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
 */
function search(metricName: string, statistic: string): cloudwatch.SearchExpression {
  return new cloudwatch.SearchExpression({
    expression: `SEARCH('Namespace="${POWERTOOLS.metricsNamespace}" MetricName="${metricName}"', '${statistic}', ${PERIOD.toSeconds()})`,
    label: metricName,
    period: PERIOD,
  });
}
