import { SCHEDULE_DELIVERY, SCHEDULES, QUEUES } from '@streamer/config/deployment';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SchedulesProps {
  /** The function each schedule of the deployment facts invokes. */
  functionOf: (name: (typeof SCHEDULES)[number]['function']) => lambda.IFunction;
  removalPolicy: RemovalPolicy;
}

/**
 * The deployment facts' schedules (`SCHEDULES`) as EventBridge rules. A scheduled event EventBridge
 * cannot deliver to its function (throttled, function missing, permissions) is retried, then goes to the
 * schedules' dead-letter queue, which only a person reads
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
export class Schedules extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(QUEUES.deadLetterRetentionDays),
      removalPolicy: props.removalPolicy,
    });
    this.rules = SCHEDULES.map((schedule) => new events.Rule(scope, pascal(schedule.name), {
      description: schedule.description,
      schedule: events.Schedule.rate(Duration.minutes(schedule.rateMinutes)),
      targets: [
        new targets.LambdaFunction(props.functionOf(schedule.function), {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: SCHEDULE_DELIVERY.retryAttempts,
          maxEventAge: Duration.minutes(SCHEDULE_DELIVERY.maxEventAgeMinutes),
        }),
      ],
    }));
  }
}

export function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());
}
