// A long-running request as a user lives it: connect with a real JWT, ask for a report, get an ack,
// watch progress, receive the result (stored before it is sent), leave, and fetch it from a new
// socket; cancel one mid-run; a duplicated stream delivery runs the request once.
import type { ProgressMessage, ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import { Pipeline } from './test-support/pipeline';

let p: Pipeline;

beforeAll(async () => {
  p = await Pipeline.start();
});

afterAll(() => p?.close());

afterEach(() => {
  expect(p.batchItemFailures()).toEqual([]);
  expect(p.gateway.observerErrors).toEqual([]);
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function requestIdOf(ack: ServerMessage): string {
  if (ack.type !== 'ack') throw new Error(`expected an ack, got ${JSON.stringify(ack)}`);
  return ack.requestId;
}

function progressValues(frames: ServerMessage[]): number[] {
  return frames.filter((frame): frame is ProgressMessage => frame.type === 'progress').map((frame) => frame.progress);
}

function terminal(frames: ServerMessage[]): ServerMessage[] {
  return frames.filter((frame) => frame.type === 'result' || frame.type === 'error');
}

describe('a queued report', () => {
  it('announces its milestones on its tenant’s reports topic, with seqs, to subscribers of that tenant only', async () => {
    const [owner, watcher, outsider] = [await p.connect('ann', 'milestones-co'), await p.connect('ben', 'milestones-co'), await p.connect('ann', 'elsewhere-co')];
    for (const socket of [watcher, outsider]) {
      expect(await socket.send({ id: 'sub', action: 'subscribe', payload: { topic: 'reports' } })).toMatchObject({ data: { subscribed: true } });
    }
    const requestId = requestIdOf(await owner.send({ id: 'rep-m', action: 'generate_report', payload: { recordCount: 5000 } }));
    await expect(p.deliverStream(await p.nextStreamRecords())).resolves.toEqual({ batchItemFailures: [] });
    const events = watcher.frames().filter((frame) => frame.type === 'event');
    expect(events.map((frame) => (frame.type === 'event' ? [frame.topic, frame.seq, frame.data] : []))).toEqual([
      ['reports', 1, { requestId, userId: 'ann', recordCount: 5000, progress: 0.1, message: 'Collecting records…' }],
      ['reports', 2, { requestId, userId: 'ann', recordCount: 5000, progress: 0.7, message: 'Generating PDF…' }],
      ['reports', 3, { requestId, userId: 'ann', recordCount: 5000, progress: 1, message: 'Uploading report…' }],
    ]);
    expect(outsider.frames().filter((frame) => frame.type === 'event')).toEqual([]);
    expect(terminal(owner.framesFor('rep-m'))).toEqual([expect.objectContaining({ type: 'result', success: true })]);
  });

  it('is acked, reports monotonic progress, is stored, then sent; a new socket fetches it after a disconnect', async () => {
    const alice = await p.connect('alice', 'acme');
    // Identity fields in the frame and the payload are forgeries: the tenant comes from the JWT only.
    const frame = { id: 'rep-1', action: 'generate_report', tenantId: 'evil', userId: 'mallory', payload: { recordCount: 5000, tenantId: 'evil', userId: 'mallory' } };
    const ack = await alice.send(frame);
    expect(ack).toEqual({ id: 'rep-1', type: 'ack', requestId: expect.stringMatching(ULID), status: 'queued' });
    const requestId = requestIdOf(ack);
    expect(await p.stores.requests.get(requestId)).toMatchObject({
      status: 'queued',
      userId: 'alice',
      tenantId: 'acme',
      connectionId: alice.connectionId,
      clientId: 'rep-1',
    });

    const storedWhenSent: (RequestRecord | undefined)[] = [];
    p.gateway.beforePost = async (call) => {
      if ((call.frame as ServerMessage).type === 'result') storedWhenSent.push(await p.stores.requests.get(requestId));
    };
    const records = await p.nextStreamRecords();
    expect(records.map((record) => record.dynamodb?.Keys?.['requestId']?.S)).toEqual([requestId]);
    await expect(p.deliverStream(records)).resolves.toEqual({ batchItemFailures: [] });
    p.gateway.beforePost = undefined;

    const frames = alice.framesFor('rep-1');
    const progress = progressValues(frames);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    const report = { url: `https://reports.example.com/acme/${requestId}.pdf`, recordCount: 5000 };
    expect(terminal(frames)).toEqual([{ id: 'rep-1', type: 'result', success: true, data: report }]);
    expect(frames.at(-1)?.type).toBe('result');
    expect(storedWhenSent).toEqual([expect.objectContaining({ status: 'completed', result: report, progress: 1 })]);

    await alice.close();
    expect(await p.stores.connections.get(alice.connectionId)).toMatchObject({ status: 'DISCONNECTED' });
    const again = await p.connect('alice', 'acme');
    expect(await again.send({ id: 'st-1', action: 'status', payload: { requestId } })).toEqual({
      id: 'st-1',
      type: 'result',
      success: true,
      data: { requestId, status: 'completed', progress: 1, progressMessage: 'Uploading report…', result: report },
    });

    const mallory = await p.connect('mallory', 'evil');
    const probe = await mallory.send({ id: 'st-2', action: 'status', payload: { requestId, tenantId: 'acme', userId: 'alice' } });
    expect(probe).toMatchObject({ id: 'st-2', type: 'error', error: { code: 'NOT_FOUND' } });
    await Promise.all([again.close(), mallory.close()]);
  });

  it('is cancelled mid-run: one CANCELLED terminal message, the run stops, nothing is completed', async () => {
    const carol = await p.connect('carol', 'acme');
    const requestId = requestIdOf(await carol.send({ id: 'rep-2', action: 'generate_report', payload: { recordCount: 20_000 } }));
    const running = p.deliverStream(await p.nextStreamRecords());
    await carol.waitForFrame('the first progress of rep-2', (frame) => frame.type === 'progress' && frame.id === 'rep-2');

    const reply = await carol.send({ id: 'cx-1', action: 'cancel', payload: { requestId } });
    expect(reply).toEqual({ id: 'cx-1', type: 'result', success: true, data: { requestId, status: 'cancelled' } });
    await expect(running).resolves.toEqual({ batchItemFailures: [] });

    expect(terminal(carol.framesFor('rep-2'))).toEqual([
      { id: 'rep-2', type: 'error', success: false, error: { code: 'CANCELLED', message: 'Request cancelled', retryable: false } },
    ]);
    const stored = await p.stores.requests.get(requestId);
    expect(stored).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(stored?.result).toBeUndefined();
    expect(stored?.progress).toBeLessThan(1);
    const again = await carol.send({ id: 'cx-2', action: 'cancel', payload: { requestId } });
    expect(again).toMatchObject({ data: { requestId, status: 'cancelled' } });
    expect(terminal(carol.framesFor('rep-2'))).toHaveLength(1);
    await carol.close();
  });

  it('follows a client that reconnects mid-run: after `status`, the rest of the progress and the result arrive on the new socket', async () => {
    const first = await p.connect('fran', 'acme');
    const requestId = requestIdOf(await first.send({ id: 'rep-5', action: 'generate_report', payload: { recordCount: 9000 } }));
    const running = p.deliverStream(await p.nextStreamRecords());
    await first.waitForFrame('the first progress of rep-5', (frame) => frame.type === 'progress' && frame.id === 'rep-5');
    await first.close(); // the network dropped; API Gateway ran $disconnect

    const second = await p.connect('fran', 'acme');
    const status = await second.send({ id: 'st-5', action: 'status', payload: { requestId } });
    expect(status).toMatchObject({ id: 'st-5', type: 'result', data: { requestId, status: 'processing' } });
    expect(await p.stores.requests.get(requestId)).toMatchObject({ connectionId: second.connectionId });
    await expect(running).resolves.toEqual({ batchItemFailures: [] });

    const before = progressValues(first.framesFor('rep-5'));
    const after = progressValues(second.framesFor('rep-5'));
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.at(-1)).toBe(1);
    expect([...before, ...after]).toEqual([...before, ...after].sort((a, b) => a - b));
    expect(terminal(first.framesFor('rep-5'))).toEqual([]);
    expect(terminal(second.framesFor('rep-5'))).toEqual([
      { id: 'rep-5', type: 'result', success: true, data: { url: `https://reports.example.com/acme/${requestId}.pdf`, recordCount: 9000 } },
    ]);
    await second.close();
  });

  it('runs once when the stream delivers its record twice, also concurrently', async () => {
    const dave = await p.connect('dave', 'acme');
    const requestId = requestIdOf(await dave.send({ id: 'rep-3', action: 'generate_report', payload: { recordCount: 2000 } }));
    const records = await p.nextStreamRecords();
    expect(records).toHaveLength(1);

    const both = await Promise.all([p.deliverStream(records), p.deliverStream(records)]);
    expect(both).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    await expect(p.deliverStream(records)).resolves.toEqual({ batchItemFailures: [] });

    expect(await p.stores.requests.get(requestId)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(terminal(dave.framesFor('rep-3'))).toEqual([expect.objectContaining({ type: 'result', data: expect.objectContaining({ recordCount: 2000 }) })]);
    const progress = progressValues(dave.framesFor('rep-3'));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await dave.close();
  });

  it('answers a re-sent id with the first ack and queues nothing twice', async () => {
    const erin = await p.connect('erin', 'acme');
    const first = await erin.send({ id: 'rep-4', action: 'generate_report', payload: { recordCount: 3000 } });
    const second = await erin.send({ id: 'rep-4', action: 'generate_report', payload: { recordCount: 3000 } });
    expect(second).toEqual(first);
    expect(await p.nextStreamRecords()).toHaveLength(1);
    await erin.close();
  });
});
