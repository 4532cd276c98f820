import { QUEUES } from '@streamer/config/deployment';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * SQS for the processor: the retry queue (delayed retries, redriven to a DLQ after repeated failed
 * receives) and the stream DLQ (on-failure destination for stream batches that exhaust Lambda's retries).
 * The processor consumes both DLQs too (it fails their requests with INTERNAL_ERROR); a dead letter
 * it cannot handle is redriven from its DLQ to the parked queue, which only a person empties.
 * And the publish DLQ: `Streamer Publish` events that could not be delivered or published (only a
 * person reads it). The lease watchdog's queue carries one delayed message per claim (the processor
 * sends and consumes it); a message it keeps failing is parked.
 */
export class Queues extends Construct {
  readonly retryQueue: sqs.Queue;
  readonly watchdogQueue: sqs.Queue;
  readonly retryDeadLetterQueue: sqs.Queue;
  readonly streamDeadLetterQueue: sqs.Queue;
  readonly parkedQueue: sqs.Queue;
  readonly publishDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { processorTimeout: Duration; removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const common = { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, removalPolicy: props.removalPolicy };
    // AWS guidance for queues a Lambda consumes: visibility timeout at least six times the function timeout
    // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
    const consumed = { ...common, visibilityTimeout: Duration.seconds(props.processorTimeout.toSeconds() * 6) };
    const retentionPeriod = Duration.days(QUEUES.deadLetterRetentionDays);
    this.parkedQueue = new sqs.Queue(this, 'ParkedDeadLetters', { ...common, retentionPeriod });
    this.publishDeadLetterQueue = new sqs.Queue(this, 'PublishDlq', { ...common, retentionPeriod });
    const parked = { queue: this.parkedQueue, maxReceiveCount: QUEUES.parkedAfterReceives };
    this.retryDeadLetterQueue = new sqs.Queue(this, 'RetryDlq', { ...consumed, retentionPeriod, deadLetterQueue: parked });
    this.streamDeadLetterQueue = new sqs.Queue(this, 'StreamDlq', { ...consumed, retentionPeriod, deadLetterQueue: parked });
    this.retryQueue = new sqs.Queue(this, 'Retry', {
      ...consumed,
      deadLetterQueue: { queue: this.retryDeadLetterQueue, maxReceiveCount: QUEUES.retryMaxReceiveCount },
    });
    this.watchdogQueue = new sqs.Queue(this, 'LeaseWatchdog', {
      ...consumed,
      deadLetterQueue: { queue: this.parkedQueue, maxReceiveCount: QUEUES.watchdogMaxReceiveCount },
    });
  }
}
