import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** When an alarm fires. */
export const ALARM_THRESHOLDS = {
  /** Percent of a function's invocations that failed in five minutes. */
  errorRatePercent: 5,
  /** The oldest stream record the processor has yet to read: queued work waits this long to start. */
  iteratorAgeMs: 60_000,
  /** 4XX answered by API Gateway itself in five minutes (throttled 429s among them). */
  apiClientErrors: 100,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmsProps {
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** The function reading the DynamoDB stream: its IteratorAge. */
  streamConsumer: lambda.IFunction;
  stage: apigwv2.IWebSocketStage;
  topic: sns.ITopic;
}

/**
 * Alarms on what needs a person, all notifying one topic (and again when they recover): messages in a
 * DLQ, a function's error rate, throttles, a stream falling behind, API Gateway refusing clients.
 */
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: AlarmsProps) {
    super(scope, id);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}ErrorRate`, errorRate(name, fn), ALARM_THRESHOLDS.errorRatePercent, `${name}: over ${ALARM_THRESHOLDS.errorRatePercent}% of invocations failed`);
      this.add(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES }), 1, `${name}: throttled`);
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' });
      this.add(`${name}Depth`, depth, 1, `${name}: messages waiting in a dead-letter queue`);
    }
    const iteratorAge = props.streamConsumer.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' });
    this.add('StreamIteratorAge', iteratorAge, ALARM_THRESHOLDS.iteratorAgeMs, 'requests stream: queued work waits over a minute to start', 5);
    // WebSocket APIs publish no throttle metric of their own: a throttled message or connection is a
    // 429 that API Gateway answers before the integration, counted in ClientError
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html).
    const clientErrors = props.stage.metric('ClientError', { period: FIVE_MINUTES, statistic: 'Sum' });
    this.add('ApiClientErrors', clientErrors, ALARM_THRESHOLDS.apiClientErrors, 'API Gateway refused requests before the integration (throttling, message size, routes)');
  }

  private add(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, evaluationPeriods = 1): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    const action = new actions.SnsAction(this.props.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}

/**
 * Percent of a function's invocations that ended in an error, 0 when there were none (metric math).
 * `name` keeps the expression's metric ids apart from other functions' in one graph.
 */
export function errorRate(name: string, fn: lambda.IFunction, period: Duration = FIVE_MINUTES): cloudwatch.MathExpression {
  const id = name.replace(/[^A-Za-z0-9]/g, '_').toLowerCase();
  return new cloudwatch.MathExpression({
    expression: `IF(invocations_${id} > 0, 100 * errors_${id} / invocations_${id}, 0)`,
    usingMetrics: {
      [`errors_${id}`]: fn.metricErrors({ period, statistic: 'Sum' }),
      [`invocations_${id}`]: fn.metricInvocations({ period, statistic: 'Sum' }),
    },
    period,
    label: `${name} error rate (%)`,
  });
}
