// Scenario 4 — processor faults over the wire. The stack's processor function runs the real bundle in
// a separate process (test-support/processor-sandbox), so that it can really die: a SIGKILL between
// claim and finish leaves the claim and its lease behind, exactly what a crashed Lambda leaves. Then:
// - a crash: the stream retries the batch (the claim is still leased: skipped), the scheduled cleanup
//   re-queues the request once the lease has expired, and the next run completes it — each request
//   ends once and its client gets exactly one result;
// - duplicate delivery: every stream batch is delivered twice at once — each request runs once;
// - poison records: an item no processor can claim, in the stream next to real requests, exhausts its
//   retries and lands in the stream's dead-letter queue; a retry message that is not JSON lands in the
//   retry queue's dead-letter queue; the requests around them complete.
import type { LocalStack } from '@streamer/local-stack';
import { workspaceRoot } from '@streamer/local-stack';
import type { ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import path from 'node:path';
import { recordOutcome } from './test-support/outcomes';
import { sandbox, sandboxDistDir } from './test-support/processor-sandbox';
import { StackQueues } from './test-support/queues';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { waitUntil } from './test-support/wait';
import { WireClient } from './test-support/wire-client';

const TENANT = 'tenant-processor';
const LEASE_MS = 4_000;

let stack: LocalStack;
let tables: Tables;
let queues: StackQueues;
const sockets: WireClient[] = [];
const outcome: Record<string, unknown> = {};

beforeAll(async () => {
  stack = await startStack({
    distDir: sandboxDistDir(path.join(workspaceRoot(), 'dist', 'apps')),
    // The hourly cleanup every second, a short lease, and a retry queue whose messages come back fast.
    cleanupIntervalMs: 1_000,
    retryVisibilityTimeoutSeconds: 1,
    env: { REPORT_STEP: '150ms', LEASE_DURATION: `${LEASE_MS}ms`, LAMBDA_TIMEOUT_BUFFER: '500ms', RETRY_DELAY: '1s', MAX_RETRIES: '3' },
  });
  tables = new Tables(stack);
  queues = new StackQueues(stack);
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  queues?.close();
  tables?.close();
  await stack?.stop();
  sandbox.close();
  recordOutcome('processor-faults', { ...outcome, sandbox: sandbox.stats });
});

async function client(user: string): Promise<WireClient> {
  const socket = await WireClient.open(stack.wsUrl, await stack.token(user, TENANT));
  sockets.push(socket);
  return socket;
}

async function queueReport(socket: WireClient, id: string, recordCount = 2_000): Promise<string> {
  const ack = await socket.call({ id, action: 'generate_report', payload: { recordCount } });
  if (ack.type !== 'ack') throw new Error(`expected an ack for ${id}, got ${JSON.stringify(ack)}`);
  return ack.requestId;
}

const terminal = (socket: WireClient, id: string): ServerMessage[] => socket.framesFor(id).filter((m) => m.type === 'result' || m.type === 'error');

async function settled(requestIds: string[], timeoutMs = 60_000): Promise<RequestRecord[]> {
  return waitUntil(
    async () => {
      const records = await Promise.all(requestIds.map((id) => tables.request(id)));
      return records.every((r) => r && ['completed', 'failed', 'cancelled'].includes(r.status)) ? (records as RequestRecord[]) : undefined;
    },
    `requests ${requestIds.join(', ')} to settle`,
    timeoutMs,
    200,
  );
}

function expectOneResultEach(pairs: { socket: WireClient; id: string }[]): void {
  for (const { socket, id } of pairs) {
    expect(terminal(socket, id)).toEqual([expect.objectContaining({ type: 'result', success: true })]);
    const progress = socket.framesFor(id).flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }
}

describe('a processor that crashes between claim and finish', () => {
  it('is recovered once its lease ends: every request of the crashed batch completes once, one result each', async () => {
    const users = ['crash-a', 'crash-b', 'crash-c'];
    const pairs = await Promise.all(users.map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const requestIds = await Promise.all(pairs.map(({ socket, id }) => queueReport(socket, id)));
    const [target] = pairs;
    await target?.socket.next((m) => m.type === 'progress' && m.id === target.id, 'the first progress of the target request');
    const claimed = await tables.request(requestIds[0] as string);
    expect(claimed).toMatchObject({ status: 'processing', attempts: 1 });
    const coldStartsBefore = sandbox.stats.coldStarts;

    expect(sandbox.crash()).toBe(true);

    const records = await settled(requestIds);
    expect(records.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(records[0]?.attempts).toBe(2);
    expect(sandbox.stats.coldStarts).toBeGreaterThan(coldStartsBefore);
    await waitUntil(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);
    outcome['crash'] = {
      requests: records.length,
      completed: records.filter((r) => r.status === 'completed').length,
      attempts: records.map((r) => r.attempts),
      terminalMessages: pairs.map(({ socket, id }) => terminal(socket, id).length),
      leaseMs: LEASE_MS,
    };
  });
});

describe('duplicate stream delivery', () => {
  afterEach(() => {
    sandbox.duplicateStreamBatches = false;
  });

  it('runs each request once when every stream batch is delivered twice at once', async () => {
    sandbox.duplicateStreamBatches = true;
    const duplicatedBefore = sandbox.stats.duplicatedBatches;
    const pairs = await Promise.all(['dup-a', 'dup-b', 'dup-c', 'dup-d', 'dup-e'].map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const requestIds = await Promise.all(pairs.map(({ socket, id }) => queueReport(socket, id)));

    const records = await settled(requestIds);

    expect(sandbox.stats.duplicatedBatches).toBeGreaterThan(duplicatedBefore);
    expect(records.map((r) => [r.status, r.attempts])).toEqual(requestIds.map(() => ['completed', 1]));
    await waitUntil(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);
    outcome['duplicates'] = {
      requests: records.length,
      duplicatedBatches: sandbox.stats.duplicatedBatches - duplicatedBefore,
      attempts: records.map((r) => r.attempts),
      terminalMessages: pairs.map(({ socket, id }) => terminal(socket, id).length),
    };
  });
});

describe('poison records', () => {
  it('sends a stream record no processor can claim to the stream DLQ after its retries, and its neighbours complete', async () => {
    const pairs = await Promise.all(['poison-a', 'poison-b', 'poison-c', 'poison-d'].map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const first = await Promise.all(pairs.slice(0, 2).map(({ socket, id }) => queueReport(socket, id)));
    // A queued request whose `attempts` is text: the claim (attempts + 1) can never succeed.
    const poisonId = `poison-${Date.now()}`;
    await tables.putRaw('requests', {
      requestId: poisonId,
      status: 'queued',
      attempts: 'many',
      progress: 0,
      userId: 'poison-user',
      tenantId: TENANT,
      connectionId: 'none',
      clientId: 'poison-1',
      action: 'generate_report',
      payload: { recordCount: 2_000 },
      createdAt: Date.now(),
      updatedAt: Date.now(),
      ttl: Math.floor(Date.now() / 1000) + 3600,
    });
    const last = await Promise.all(pairs.slice(2).map(({ socket, id }) => queueReport(socket, id)));

    const records = await settled([...first, ...last]);
    expect(records.map((r) => [r.status, r.attempts])).toEqual(records.map(() => ['completed', 1]));
    await waitUntil(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);

    const dead = await waitUntil(async () => {
      const bodies = await queues.drain(stack.queues.streamDeadLetter.url);
      return bodies.length > 0 ? bodies : undefined;
    }, 'the stream DLQ to receive the poison batch', 30_000, 250);
    const sequence = await queues.insertSequenceOf(poisonId);
    expect(dead).toHaveLength(1);
    const failure = JSON.parse(dead[0] as string) as { requestContext: { condition: string; approximateInvokeCount: number }; DDBStreamBatchInfo: { startSequenceNumber: string; batchSize: number } };
    expect(failure).toMatchObject({ requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 }, DDBStreamBatchInfo: { startSequenceNumber: sequence } });
    expect(await tables.request(poisonId)).toMatchObject({ status: 'queued', attempts: 'many' });
    outcome['streamPoison'] = {
      neighbours: records.length,
      neighboursCompleted: records.filter((r) => r.status === 'completed').length,
      dlqMessages: dead.length,
      invokeCount: failure.requestContext.approximateInvokeCount,
      batchSize: failure.DDBStreamBatchInfo.batchSize,
    };
  });

  it('sends a retry message that is not JSON to the retry DLQ after 3 receives, while real retries complete', async () => {
    const pairs = await Promise.all(['retry-a', 'retry-b', 'retry-c'].map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const acks = await Promise.all(pairs.map(({ socket, id }) => socket.call({ id, action: 'flaky', payload: { failures: 1 } })));
    const requestIds = acks.map((ack) => (ack.type === 'ack' ? ack.requestId : ''));
    await queues.send(stack.queues.retry.url, 'this is not JSON');
    await queues.send(stack.queues.retry.url, JSON.stringify({ requestId: 'has spaces, not an id' }));

    const records = await settled(requestIds);
    expect(records.map((r) => [r.status, r.attempts])).toEqual(records.map(() => ['completed', 2]));
    await waitUntil(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);

    const dead: string[] = [];
    await waitUntil(async () => {
      dead.push(...(await queues.drain(stack.queues.retryDeadLetter.url)));
      return dead.length >= 2 || undefined;
    }, 'the retry DLQ to receive both poison messages', 30_000, 250);
    expect(dead.sort()).toEqual([JSON.stringify({ requestId: 'has spaces, not an id' }), 'this is not JSON'].sort());
    outcome['retryPoison'] = { neighbours: records.length, neighboursCompleted: records.filter((r) => r.status === 'completed').length, dlqMessages: dead.length };
  });
});
