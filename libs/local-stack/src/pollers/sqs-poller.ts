// Lambda's SQS event source, against any SQS endpoint: ReceiveMessage with long polling, as Lambda's
// pollers do ("Lambda polls the queue", https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html;
// long polling: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html),
// SQSEvent batches to the function, a few batches in flight, DeleteMessageBatch for the records that
// succeeded. Failed records (batchItemFailures, or all of them when the invocation fails) stay on the
// queue: SQS redelivers them after the visibility timeout and moves them to the dead-letter queue after
// the redrive policy's maxReceiveCount.
import { DeleteMessageBatchCommand, type Message, type MessageAttributeValue, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type Logger, sleep } from '@streamer/kernel';
import type { SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { withinMs } from '../util/support';

export interface SqsPollerOptions {
  client: Pick<SQSClient, 'send'>;
  queueUrl: string;
  queueArn: string;
  region: string;
  invoke(event: SQSEvent): Promise<unknown>;
  logger: Logger;
  /** Messages per invocation (CDK: 10). */
  batchSize?: number;
  /** Batches in flight at once (Lambda starts with five pollers). */
  maxConcurrency?: number;
  /** Long-poll wait of each receive, seconds (default 20, SQS's maximum; 0 polls short). */
  waitTimeSeconds?: number;
  /** An empty receive that came back sooner than this (an endpoint that does not long-poll) is followed by a pause of this length (default 200 ms). */
  pollIntervalMs?: number;
}

export class SqsPoller {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private errors = 0;

  constructor(private readonly options: SqsPollerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(graceMs = 5_000): Promise<void> {
    this.abort.abort();
    await withinMs(Promise.all([this.loop, ...this.inFlight]), graceMs);
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const maxConcurrency = this.options.maxConcurrency ?? 5;
    while (!signal.aborted) {
      if (this.inFlight.size >= maxConcurrency) {
        await Promise.race(this.inFlight);
        continue;
      }
      const asked = Date.now();
      const messages = await this.receive();
      if (messages === undefined) continue;
      if (messages.length === 0) {
        const pauseMs = this.options.pollIntervalMs ?? 200;
        if (Date.now() - asked < pauseMs) await sleep(pauseMs, signal);
        continue;
      }
      const batch = this.deliver(messages).finally(() => this.inFlight.delete(batch));
      this.inFlight.add(batch);
    }
  }

  /**
   * The received messages, or undefined after an error (already waited out). SQS answers a long poll
   * as soon as any message is available; the in-process emulator (local-aws-sqs) only once it holds
   * MaxNumberOfMessages of them or the wait is over, which would hold a lone message for the whole
   * wait. So the long poll asks for one message, and the rest of the batch is taken without waiting.
   */
  private async receive(): Promise<Message[] | undefined> {
    try {
      const batchSize = this.options.batchSize ?? 10;
      const first = await this.receiveUpTo(1, this.options.waitTimeSeconds ?? 20);
      this.errors = 0;
      if (first.length === 0 || batchSize === 1) return first;
      // The first message is already ours: a failure here only makes the batch smaller.
      const rest = await this.receiveUpTo(batchSize - 1, 0).catch(() => []);
      return [...first, ...rest];
    } catch (error) {
      if (this.abort.signal.aborted) return undefined;
      this.errors += 1;
      const backoffMs = Math.min(5_000, 100 * 2 ** this.errors);
      this.options.logger.warn('SQS receive failed; retrying', { queueUrl: this.options.queueUrl, error, backoffMs });
      await sleep(backoffMs, this.abort.signal);
      return undefined;
    }
  }

  private async receiveUpTo(count: number, waitTimeSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: count,
        WaitTimeSeconds: waitTimeSeconds,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return Messages;
  }

  private async deliver(messages: Message[]): Promise<void> {
    const records = messages.map((message) => toSqsRecord(message, this.options.queueArn, this.options.region));
    const ids = records.map((record) => record.messageId);
    let failed: ReadonlySet<string>;
    try {
      failed = readBatchResponse(await this.options.invoke({ Records: records }), ids).failed;
    } catch (error) {
      this.options.logger.warn('SQS batch invocation failed; the messages return after their visibility timeout', { messages: ids.length, error });
      failed = everything(ids).failed;
    }
    const done = records.filter((record) => !failed.has(record.messageId));
    if (done.length > 0) await this.remove(done.map((record) => ({ Id: record.messageId, ReceiptHandle: record.receiptHandle })));
  }

  private async remove(entries: { Id: string; ReceiptHandle: string }[]): Promise<void> {
    try {
      const { Failed = [] } = await this.options.client.send(new DeleteMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: entries }));
      if (Failed.length > 0) this.options.logger.warn('Some processed SQS messages could not be deleted', { failed: Failed.length });
    } catch (error) {
      this.options.logger.warn('Could not delete processed SQS messages; they will be delivered again', { error });
    }
  }
}

// SQS ReceiveMessage messages (as the SDK returns them) → the records Lambda puts in an SQSEvent.
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = (message.Attributes ?? {}) as Record<string, string>;
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attributes['SentTimestamp'] ?? String(Date.now()),
      SenderId: attributes['SenderId'] ?? '',
      ApproximateFirstReceiveTimestamp: attributes['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
    } satisfies SQSRecordAttributes,
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, toLambdaAttribute(value)])),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function toLambdaAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const attribute: SQSMessageAttribute = {
    dataType: value.DataType ?? 'String',
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
  };
  if (value.StringValue !== undefined) attribute.stringValue = value.StringValue;
  if (value.BinaryValue !== undefined) attribute.binaryValue = Buffer.from(value.BinaryValue).toString('base64');
  return attribute;
}

// Reading a function's partial batch response the way Lambda does: no response or an empty
// `batchItemFailures` is success; an identifier that is empty or not in the batch makes the whole
// batch a failure.
export interface BatchVerdict {
  /** Identifiers of the records to redeliver (all of them for a whole-batch failure). */
  failed: ReadonlySet<string>;
  /** The response did not name its failures usably: every record counts as failed. */
  wholeBatch: boolean;
}

export function readBatchResponse(response: unknown, identifiers: readonly string[]): BatchVerdict {
  const failures = typeof response === 'object' && response !== null ? (response as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === undefined || failures === null) return { failed: new Set(), wholeBatch: false };
  if (!Array.isArray(failures)) return everything(identifiers);
  const known = new Set(identifiers);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !known.has(id)) return everything(identifiers);
    failed.add(id);
  }
  return { failed, wholeBatch: false };
}

export function everything(identifiers: readonly string[]): BatchVerdict {
  return { failed: new Set(identifiers), wholeBatch: true };
}
