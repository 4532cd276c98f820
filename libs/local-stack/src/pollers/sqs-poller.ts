// Lambda's SQS event source, against any SQS endpoint: ReceiveMessage (no long poll; a short,
// bounded pause when the queue is empty), SQSEvent batches to the function, a few batches in flight,
// DeleteMessageBatch for the records that succeeded. Failed records (batchItemFailures, or all of
// them when the invocation fails) stay on the queue: SQS redelivers them after the visibility timeout
// and moves them to the dead-letter queue after the redrive policy's maxReceiveCount.
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import type { LocalLogger } from '../util/logger';
import { sleep, withinMs } from '../util/sleep';
import { everything, readBatchResponse } from './batch-response';
import { toSqsRecord } from './sqs-records';

export interface SqsPollerOptions {
  client: Pick<SQSClient, 'send'>;
  queueUrl: string;
  queueArn: string;
  region: string;
  invoke(event: SQSEvent): Promise<unknown>;
  logger: LocalLogger;
  /** Messages per invocation (CDK: 10). */
  batchSize?: number;
  /** Batches in flight at once (Lambda starts with five pollers). */
  maxConcurrency?: number;
  /** Wait after an empty receive (default 200 ms). */
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
      const messages = await this.receive();
      if (messages === undefined) continue;
      if (messages.length === 0) {
        await sleep(this.options.pollIntervalMs ?? 200, signal);
        continue;
      }
      const batch = this.deliver(messages).finally(() => this.inFlight.delete(batch));
      this.inFlight.add(batch);
    }
  }

  /** The received messages, or undefined after an error (already waited out). */
  private async receive(): Promise<Message[] | undefined> {
    try {
      const { Messages = [] } = await this.options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.options.queueUrl,
          MaxNumberOfMessages: this.options.batchSize ?? 10,
          WaitTimeSeconds: 0,
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: this.abort.signal },
      );
      this.errors = 0;
      return Messages;
    } catch (error) {
      if (this.abort.signal.aborted) return undefined;
      this.errors += 1;
      const backoffMs = Math.min(5_000, 100 * 2 ** this.errors);
      this.options.logger.warn('SQS receive failed; retrying', { queueUrl: this.options.queueUrl, error, backoffMs });
      await sleep(backoffMs, this.abort.signal);
      return undefined;
    }
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
