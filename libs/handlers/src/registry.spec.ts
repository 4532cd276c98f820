import { RecordingMessageSender, RecordingPublisher } from '@streamer/handler-api/testing';
import { createProcessor } from '@streamer/processor';
import { FakeRetryQueue } from '@streamer/processor/testing';
import type { ServerMessage } from '@streamer/protocol';
import { createInMemoryStores } from '@streamer/store/testing';
import { createRegistry } from './registry';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function pipeline() {
  const stores = createInMemoryStores({ clock: () => Date.now() });
  const sender = new RecordingMessageSender<ServerMessage>();
  const retryQueue = new FakeRetryQueue();
  const processor = createProcessor({
    registry: createRegistry({ reportStepMs: 50 }),
    requests: stores.requests,
    sender,
    publisher: new RecordingPublisher(),
    retryQueue,
    logger: quiet,
  });
  const queue = async (action: string, payload: Record<string, unknown>) =>
    (
      await stores.requests.create({
        requestId: `req-${action}`,
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        clientId: `c-${action}`,
        action,
        payload,
      })
    ).request;
  return { stores, sender, retryQueue, processor, queue };
}

describe('createRegistry', () => {
  it('registers echo, generate_report and flaky', () => {
    expect(createRegistry().actions()).toEqual(['echo', 'generate_report', 'flaky']);
  });

  it('runs generate_report in the processor: monotonic progress, then the stored and sent result', async () => {
    const { stores, sender, processor, queue } = pipeline();
    const request = await queue('generate_report', { recordCount: 5000 });

    const done = processor.processRequest(request.requestId);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(done).resolves.toMatchObject({ disposition: 'completed' });

    const messages = sender.messagesTo('conn-1');
    const progress = messages.flatMap((message) => (message.type === 'progress' ? [message.progress] : []));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(messages.at(-1)).toEqual({
      id: 'c-generate_report',
      type: 'result',
      success: true,
      data: { url: 'https://reports.example.com/tenant-1/req-generate_report.pdf', recordCount: 5000 },
    });
    expect((await stores.requests.get(request.requestId))?.status).toBe('completed');
  });

  it('runs flaky through the retry queue until it succeeds', async () => {
    const { stores, sender, retryQueue, processor, queue } = pipeline();
    const request = await queue('flaky', { failures: 2 });

    await processor.processRequest(request.requestId);
    while (retryQueue.pending.length > 0) await processor.handleSqsEvent(retryQueue.drain());

    expect(retryQueue.history.map((entry) => entry.delaySeconds)).toEqual([5, 10]);
    expect(await stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', attempts: 3, result: { attempts: 3 } });
    expect(sender.terminalFor('c-flaky')).toHaveLength(1);
  });
});
