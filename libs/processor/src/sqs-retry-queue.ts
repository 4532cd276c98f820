// RetryQueue adapter over SQS SendMessage with DelaySeconds.
import { SendMessageCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { ProcessorConfigError, RetryQueueError } from './errors';
import type { RetryQueue } from './ports';
import { retryMessageBody } from './records';
import { MAX_RETRY_DELAY_SECONDS } from './retry-policy';

export type SqsRetryQueueOptions = { queueUrl: string } & ({ client: SQSClient } | { clientConfig?: SQSClientConfig });

export class SqsRetryQueue implements RetryQueue {
  readonly #queueUrl: string;
  readonly #client: SQSClient;

  constructor(options: SqsRetryQueueOptions) {
    if (!options.queueUrl) throw new ProcessorConfigError('SqsRetryQueue needs a queueUrl');
    this.#queueUrl = options.queueUrl;
    this.#client = 'client' in options ? options.client : new SQSClient(options.clientConfig ?? {});
  }

  async enqueue(requestId: string, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_RETRY_DELAY_SECONDS) {
      throw new RetryQueueError(`delaySeconds must be an integer from 0 to ${MAX_RETRY_DELAY_SECONDS}, got ${delaySeconds}`, {
        context: { requestId },
      });
    }
    const command = new SendMessageCommand({
      QueueUrl: this.#queueUrl,
      MessageBody: retryMessageBody(requestId),
      DelaySeconds: delaySeconds,
    });
    try {
      await this.#client.send(command);
    } catch (cause) {
      const name = cause instanceof Error ? cause.name : 'unknown error';
      throw new RetryQueueError(`Retry of ${requestId} could not be queued (${name})`, {
        cause,
        context: { requestId, queueUrl: this.#queueUrl },
      });
    }
  }
}
