// Failures the user should barely notice: retryable failures go through the SQS retry queue (with
// DelaySeconds) until the request completes or its retries run out (then exactly one error); a run that
// reaches its deadline is retried; a processor that died between claim and finish is recovered through
// the lease when the record is delivered again.
import { waitFor } from '@streamer/kernel/testing';
import type { ServerMessage } from '@streamer/protocol';
import type { TestClient } from './test-support/client';
import { Pipeline, PIPELINE_SETTINGS } from './test-support/pipeline';

let p: Pipeline;
const clients: TestClient[] = [];

beforeAll(async () => {
  p = await Pipeline.start();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await p?.close();
});

afterEach(() => {
  expect(p.batchItemFailures()).toEqual([]);
});

const MAX_RETRIES = Number(PIPELINE_SETTINGS['MAX_RETRIES']);

async function client(userId: string): Promise<TestClient> {
  const connected = await p.connect(userId, 'umbrella');
  clients.push(connected);
  return connected;
}

async function queue(owner: TestClient, id: string, action: string, payload: object): Promise<string> {
  const ack = await owner.send({ id, action, payload });
  if (ack.type !== 'ack') throw new Error(`expected an ack, got ${JSON.stringify(ack)}`);
  return ack.requestId;
}

function terminal(frames: ServerMessage[]): ServerMessage[] {
  return frames.filter((frame) => frame.type === 'result' || frame.type === 'error');
}

function retriesDelivered(): number {
  return p.invocations.filter((invocation) => invocation.source === 'sqs').reduce((sum, invocation) => sum + invocation.records, 0);
}

async function settled(requestId: string): Promise<boolean> {
  const status = (await p.stores.requests.get(requestId))?.status;
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

describe('retries', () => {
  it('retries a flaky job through the retry queue until it completes, with one result', async () => {
    const owner = await client('uma');
    const requestId = await queue(owner, 'flaky-1', 'flaky', { failures: MAX_RETRIES });
    const retriesBefore = retriesDelivered();

    await p.processUntil('flaky-1 to settle', () => settled(requestId));

    expect(await p.stores.requests.get(requestId)).toMatchObject({
      status: 'completed',
      attempts: MAX_RETRIES + 1,
      result: { attempts: MAX_RETRIES + 1 },
      lastError: { code: 'INTERNAL_ERROR', message: `Flaky failure ${MAX_RETRIES} of ${MAX_RETRIES}`, retryable: true },
    });
    expect(terminal(owner.framesFor('flaky-1'))).toEqual([{ id: 'flaky-1', type: 'result', success: true, data: { attempts: MAX_RETRIES + 1 } }]);
    expect(retriesDelivered() - retriesBefore).toBe(MAX_RETRIES);
  });

  it('fails with exactly one error message once the retries are used up', async () => {
    const owner = await client('victor');
    const requestId = await queue(owner, 'flaky-2', 'flaky', { failures: MAX_RETRIES + 5 });

    await p.processUntil('flaky-2 to settle', () => settled(requestId));

    const error = { code: 'INTERNAL_ERROR', message: `Flaky failure ${MAX_RETRIES + 1} of ${MAX_RETRIES + 5}`, retryable: true };
    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'failed', attempts: MAX_RETRIES + 1, error });
    expect(terminal(owner.framesFor('flaky-2'))).toEqual([{ id: 'flaky-2', type: 'error', success: false, error }]);
    const status = await owner.send({ id: 'st-2', action: 'status', payload: { requestId } });
    expect(status).toMatchObject({ type: 'result', data: { requestId, status: 'failed', error } });
  });

  it('retries a run that reached the invocation deadline (TIMEOUT) and completes it', async () => {
    const owner = await client('wendy');
    const requestId = await queue(owner, 'rep-t', 'generate_report', { recordCount: 4000 });
    // 2.5 s left in the invocation and a 2 s buffer: the handler is aborted after about half a second.
    const response = await p.deliverStream(await p.nextStreamRecords(), 2_500);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT' } });
    expect(terminal(owner.framesFor('rep-t'))).toEqual([]);

    await p.processUntil('rep-t to settle', () => settled(requestId));
    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(terminal(owner.framesFor('rep-t'))).toEqual([expect.objectContaining({ id: 'rep-t', type: 'result' })]);
  });
});

describe('a processor that dies between claim and finish', () => {
  it('is recovered through the lease when the stream record is delivered again', async () => {
    const owner = await client('xena');
    const requestId = await queue(owner, 'rep-c', 'generate_report', { recordCount: 6000 });
    const records = await p.nextStreamRecords();
    // The invocation that got these records claimed the request, then its sandbox died: the claim (and
    // its lease) is all it left behind.
    const claimed = await p.stores.requests.claim(requestId, { leaseMs: 3_000 });
    expect(claimed).toMatchObject({ status: 'processing', attempts: 1 });

    // Lambda redelivers the failed batch. While the lease lasts, the record cannot be told from a duplicate.
    await expect(p.deliverStream(records)).resolves.toEqual({ batchItemFailures: [] });
    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'processing', attempts: 1 });
    expect(owner.framesFor('rep-c')).toEqual([expect.objectContaining({ type: 'ack' })]);

    await waitFor(() => Date.now() > (claimed.leaseExpiresAt ?? 0), 'the dead run’s lease to end', 10_000);
    await expect(p.deliverStream(records)).resolves.toEqual({ batchItemFailures: [] });

    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(terminal(owner.framesFor('rep-c'))).toEqual([
      { id: 'rep-c', type: 'result', success: true, data: { url: `https://reports.example.com/umbrella/${requestId}.pdf`, recordCount: 6000 } },
    ]);
  });
});
