import { silentLogger } from '@streamer/kernel';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverStreamBatch, type ExhaustedBatch, sequenceOf } from './stream-delivery';

const record = (seq: number): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: String(seq).padStart(3, '0') } });
const batch = [1, 2, 3, 4].map(record);

async function deliver(respond: (event: DynamoDBStreamEvent, call: number) => unknown): Promise<{ calls: string[][]; exhausted: ExhaustedBatch[] }> {
  const calls: string[][] = [];
  const exhausted: ExhaustedBatch[] = [];
  await deliverStreamBatch(batch, {
    invoke: async (event) => {
      calls.push(event.Records.map(sequenceOf));
      return respond(event, calls.length);
    },
    retryAttempts: 3,
    onExhausted: async (b) => void exhausted.push(b),
    logger: silentLogger,
    retryDelayMs: () => 0,
  });
  return { calls, exhausted };
}

describe('deliverStreamBatch', () => {
  it('delivers once when the function reports no failures', async () => {
    const { calls, exhausted } = await deliver(() => ({ batchItemFailures: [] }));
    expect(calls).toEqual([['001', '002', '003', '004']]);
    expect(exhausted).toEqual([]);
  });

  it('retries from the first failed record, the records after it included', async () => {
    const { calls } = await deliver((_event, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: '003' }, { itemIdentifier: '002' }] } : undefined));
    expect(calls).toEqual([
      ['001', '002', '003', '004'],
      ['002', '003', '004'],
    ]);
  });

  it('gives up after retryAttempts retries and hands the remaining records over', async () => {
    const { calls, exhausted } = await deliver(() => ({ batchItemFailures: [{ itemIdentifier: '004' }] }));
    expect(calls).toHaveLength(4);
    expect(exhausted).toEqual([{ records: [record(4)], invokeCount: 4 }]);
  });

  it('treats a thrown invocation as a failure of the whole batch', async () => {
    const { calls, exhausted } = await deliver(() => {
      throw new Error('crash');
    });
    expect(calls.every((c) => c.length === 4)).toBe(true);
    expect(exhausted[0]?.records).toHaveLength(4);
    expect(exhausted[0]?.functionError).toBeInstanceOf(Error);
  });

  it('treats an identifier that is not in the batch as a failure of the whole batch', async () => {
    const { calls } = await deliver((_event, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: 'nope' }] } : {}));
    expect(calls).toEqual([
      ['001', '002', '003', '004'],
      ['001', '002', '003', '004'],
    ]);
  });
});
