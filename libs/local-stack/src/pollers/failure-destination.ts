// Lambda's on-failure destination for stream event sources: when a batch exhausts its retries, an
// SQS message describing it (not the records themselves) goes to the destination queue.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import type { ExhaustedBatch } from './stream-delivery';

export interface ShardRef {
  shardId: string;
  streamArn: string;
}

export interface StreamFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export function streamFailureRecord(batch: ExhaustedBatch, shard: ShardRef, functionArn: string, now = new Date()): StreamFailureRecord {
  const first = batch.records[0];
  const last = batch.records[batch.records.length - 1];
  const arrival = (seconds: number | undefined): string => new Date((seconds ?? now.getTime() / 1000) * 1000).toISOString();
  const responseContext: StreamFailureRecord['responseContext'] = { statusCode: 200, executedVersion: '$LATEST' };
  if (batch.functionError !== undefined) responseContext.functionError = 'Unhandled';
  return {
    requestContext: { requestId: randomUUID(), functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: batch.invokeCount },
    responseContext,
    version: '1.0',
    timestamp: now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: shard.shardId,
      startSequenceNumber: first?.dynamodb?.SequenceNumber ?? '',
      endSequenceNumber: last?.dynamodb?.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: arrival(first?.dynamodb?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: arrival(last?.dynamodb?.ApproximateCreationDateTime),
      batchSize: batch.records.length,
      streamArn: shard.streamArn,
    },
  };
}

export class SqsFailureDestination {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async send(record: StreamFailureRecord): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(record) }));
  }
}
