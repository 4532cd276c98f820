import type { Handler } from '@streamer/handler-api';
import type { ServerMessage } from '@streamer/protocol';
import { createHarness } from './test-support/harness';
import { sqsRecord, sqsRetryEvent, streamInsertEvent, streamRecord } from './testing/events';

const report: Handler = {
  processAsync: async (req, { reporter }) => {
    await reporter.progress(0.5, 'Collecting records…');
    await reporter.progress(1, 'Done');
    return { url: `https://reports.example/${req.requestId}.pdf` };
  },
};

describe('processor: stream INSERT of a queued request', () => {
  it('runs the handler, stores the result, then sends progress and the result to the connection', async () => {
    const h = createHarness({ report });
    const request = await h.enqueue('report', {}, 'c-42');

    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    const stored = await h.status(request.requestId);
    expect(stored).toMatchObject({ status: 'completed', attempts: 1, progress: 1, result: { url: expect.any(String) } });
    expect(h.sender.messagesTo('conn-1')).toEqual<ServerMessage[]>([
      { id: 'c-42', type: 'progress', requestId: request.requestId, progress: 0.5, message: 'Collecting records…' },
      { id: 'c-42', type: 'progress', requestId: request.requestId, progress: 1, message: 'Done' },
      { id: 'c-42', type: 'result', success: true, data: { url: `https://reports.example/${request.requestId}.pdf` } },
    ]);
  });

  it('stores the result before it sends it', async () => {
    const h = createHarness({ report });
    const request = await h.enqueue('report');
    const statusWhenSent: string[] = [];
    const send = h.sender.send.bind(h.sender);
    h.sender.send = async (connectionId, message) => {
      if (message.type === 'result') statusWhenSent.push((await h.status(request.requestId)).status);
      return send(connectionId, message);
    };

    await h.deliverInserts(request);

    expect(statusWhenSent).toEqual(['completed']);
  });

  it('keeps the result when the socket is gone, without failing the record', async () => {
    const h = createHarness({ report });
    const request = await h.enqueue('report');
    h.sender.gone.add('conn-1');

    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: { url: expect.any(String) } });
  });

  it('runs a request once when its record is delivered twice, in one batch or in two', async () => {
    const processAsync = jest.fn(async () => 'done');
    const h = createHarness({ once: { processAsync } });
    const request = await h.enqueue('once');

    await h.processor.handleStreamEvent(streamInsertEvent([request, request]));
    await h.deliverInserts(request);

    expect(processAsync).toHaveBeenCalledTimes(1);
    expect(h.sender.terminalFor(request.clientId)).toHaveLength(1);
  });

  it('ignores MODIFY and REMOVE records, idempotency guards and requests in other states', async () => {
    const processAsync = jest.fn(async () => 'done');
    const h = createHarness({ once: { processAsync } });
    const request = await h.enqueue('once');
    const event = {
      Records: [
        streamRecord('MODIFY', { newImage: { ...request, status: 'queued' }, oldImage: { ...request, status: 'processing' } }),
        streamRecord('REMOVE', { oldImage: request }),
        streamRecord('INSERT', { newImage: { requestId: 'idem#user-1#c-1', ttl: 1 } }),
        streamRecord('INSERT', { newImage: { ...request, status: 'completed' } }),
      ],
    };

    await expect(h.processor.handleStreamEvent(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(processAsync).not.toHaveBeenCalled();
    expect((await h.status(request.requestId)).status).toBe('queued');
  });

  it('reports only the poison records of a batch and still runs their neighbours', async () => {
    const h = createHarness({ report });
    const first = await h.enqueue('report');
    const second = await h.enqueue('report');
    const poison = [sqsRecord('not json'), sqsRecord('{"requestId": 42}'), sqsRecord('{"id": "x"}')];
    const [okFirst, okSecond] = sqsRetryEvent([first.requestId, second.requestId]).Records;
    if (!okFirst || !okSecond) throw new Error('expected two retry records');
    const event = { Records: [okFirst, ...poison, okSecond] };

    const response = await h.processor.handleSqsEvent(event);

    expect(response.batchItemFailures).toEqual(poison.map((record) => ({ itemIdentifier: record.messageId })));
    expect((await h.status(first.requestId)).status).toBe('completed');
    expect((await h.status(second.requestId)).status).toBe('completed');
  });

  it('reports a stream record without a new image (a stream configured without images) by its sequence number', async () => {
    const h = createHarness({ report });
    const record = streamRecord('INSERT', { keys: { requestId: 'r-1' } });

    await expect(h.processor.handleStreamEvent({ Records: [record] })).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber }],
    });
  });

  it('skips a retry message for a request that no longer exists', async () => {
    const h = createHarness({ report });

    await expect(h.processor.handleSqsEvent(sqsRetryEvent(['gone-request']))).resolves.toEqual({ batchItemFailures: [] });
    expect(h.sender.sent).toEqual([]);
  });

  it('passes the validated payload and the request identity to the handler', async () => {
    const seen: unknown[] = [];
    const typed: Handler = {
      schema: {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (value) => ({ value: { ...(value as object), defaulted: true } }),
        },
      },
      processAsync: async (req, ctx) => {
        seen.push({ ...req, attempt: ctx.attempt });
        return null;
      },
    };
    const h = createHarness({ typed });
    const request = await h.enqueue('typed', { n: 1 }, 'c-7');

    await h.deliverInserts(request);

    expect(seen).toEqual([
      {
        id: 'c-7',
        requestId: request.requestId,
        action: 'typed',
        payload: { n: 1, defaulted: true },
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        attempt: 1,
      },
    ]);
    expect(h.sender.terminalFor('c-7')).toEqual([{ id: 'c-7', type: 'result', success: true, data: null }]);
  });
});
