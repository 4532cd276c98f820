import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * SQS for the processor: the retry queue (delayed retries, redriven to a DLQ after repeated failed
 * receives) and the stream DLQ (on-failure destination for stream batches that exhaust Lambda's retries).
 */
export class Queues extends Construct {
  readonly retryQueue: sqs.Queue;
  readonly retryDeadLetterQueue: sqs.Queue;
  readonly streamDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { processorTimeout: Duration; removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const common = { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, removalPolicy: props.removalPolicy };
    this.retryDeadLetterQueue = new sqs.Queue(this, 'RetryDlq', { ...common, retentionPeriod: Duration.days(14) });
    this.streamDeadLetterQueue = new sqs.Queue(this, 'StreamDlq', { ...common, retentionPeriod: Duration.days(14) });
    this.retryQueue = new sqs.Queue(this, 'Retry', {
      ...common,
      // AWS guidance for Lambda sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(props.processorTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.retryDeadLetterQueue, maxReceiveCount: 3 },
    });
  }
}
