// Scenario 4 — processor faults over the wire. The stack's processor function runs the real bundle in
// a separate process (test-support/processor-sandbox), so that it can really die: a SIGKILL between
// claim and finish leaves the claim and its lease behind, exactly what a crashed Lambda leaves. Then:
// - a crash: the stream retries the batch (the claim is still leased: skipped), the lease watchdog
//   (a delayed SQS message sent at claim) re-queues the request once the lease has expired — with the
//   schedules off, so the hourly sweep cannot be what recovered it — and the next run completes it:
//   each request ends once and its client gets exactly one result. The time from the lease's end to
//   the recovery is measured (outcomes: recoveredMsAfterLease);
// - duplicate delivery: every stream batch is delivered twice at once — each request runs once;
// - poison records: a request no processor can claim, in the stream next to real requests, exhausts its
//   retries and lands in the stream's dead-letter queue; the processor reads the batch back and fails
//   the request with INTERNAL_ERROR, which its live client gets and `status` reports to a second socket.
//   The same for a retry message of an unclaimable request (retry DLQ); retry messages that name no
//   request are parked after the DLQ's own retries. The requests around them complete.
import type { LocalStack } from '@streamer/local-stack';
import { workspaceRoot } from '@streamer/kernel/node';
import type { ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import path from 'node:path';
import { recordOutcome } from './test-support/outcomes';
import { sandbox, sandboxDistDir } from './test-support/processor-sandbox';
import { StackQueues } from './test-support/queues';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { waitFor } from '@streamer/kernel/testing';
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
    // No schedules (the sweeps would hide a watchdog that failed), a short lease, and queues whose messages come back fast.
    cleanupIntervalMs: 0,
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
  // The sandboxed processor process is closed even when stop() rejects (pending work found by the
  // freeze check), so Jest can exit and report the failure instead of waiting on the child.
  try {
    await stack?.stop();
  } finally {
    sandbox.close();
    recordOutcome('processor-faults', { ...outcome, sandbox: sandbox.stats });
  }
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
  return waitFor(
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
    const leaseEnds = claimed?.leaseExpiresAt as number;
    const coldStartsBefore = sandbox.stats.coldStarts;

    expect(sandbox.crash()).toBe(true);

    // Recovered: re-queued (or already claimed again) by the watchdog; within lease + 60 s, or waitFor fails.
    const recoveredAt = await waitFor(
      async () => {
        const record = await tables.request(requestIds[0] as string);
        return record && (record.status !== 'processing' || record.attempts > 1) ? Date.now() : undefined;
      },
      'the crashed request to be recovered',
      Math.max(0, leaseEnds - Date.now()) + 60_000,
      50,
    );
    expect(recoveredAt).toBeGreaterThanOrEqual(leaseEnds);
    const records = await settled(requestIds);
    expect(records.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(records[0]?.attempts).toBe(2);
    expect(sandbox.stats.coldStarts).toBeGreaterThan(coldStartsBefore);
    await waitFor(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);
    outcome['crash'] = {
      requests: records.length,
      completed: records.filter((r) => r.status === 'completed').length,
      attempts: records.map((r) => r.attempts),
      terminalMessages: pairs.map(({ socket, id }) => terminal(socket, id).length),
      leaseMs: LEASE_MS,
      recoveredMsAfterLease: recoveredAt - leaseEnds,
      recoveredBy: 'lease watchdog (schedules off)',
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
    await waitFor(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
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
  /** The connection id of a user's live socket (as $connect stored it). */
  async function liveConnectionOf(user: string): Promise<string> {
    const rows = await tables.scan('connections');
    const row = rows.find((r) => r['userId'] === user && r['status'] === 'CONNECTED');
    if (!row) throw new Error(`no live connection for ${user}`);
    return row['connectionId'] as string;
  }

  /** A request of `user` on `connectionId` that no claim can take (`attempts` is text: attempts + 1 fails). */
  async function putUnclaimable(requestId: string, user: string, connectionId: string, clientId: string, extra: Record<string, unknown> = {}): Promise<void> {
    await tables.putRaw('requests', {
      requestId,
      status: 'queued',
      attempts: 'many',
      progress: 0,
      userId: user,
      tenantId: TENANT,
      connectionId,
      clientId,
      action: 'generate_report',
      payload: {},
      createdAt: Date.now(),
      updatedAt: Date.now(),
      ttl: Math.floor(Date.now() / 1000) + 3600,
      ...extra,
    });
  }

  /** The error the live socket got, and what `status` tells a second socket of the same user. */
  async function expectFailedAndReported(socket: WireClient, user: string, requestId: string, clientId: string): Promise<void> {
    const error = await socket.next((m) => m.type === 'error' && m.id === clientId, `the INTERNAL_ERROR of ${clientId}`, 40_000);
    expect(error).toMatchObject({ type: 'error', success: false, error: { code: 'INTERNAL_ERROR', retryable: true } });
    expect(terminal(socket, clientId)).toHaveLength(1);
    expect(await tables.request(requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
    const again = await client(user);
    const status = await again.call({ id: `${clientId}-status`, action: 'status', payload: { requestId } });
    expect(status).toMatchObject({ type: 'result', data: { requestId, status: 'failed', error: { code: 'INTERNAL_ERROR' } } });
  }

  it('fails a request whose stream record exhausts its retries with INTERNAL_ERROR, sent to its live client and kept for `status`', async () => {
    const startedAt = Date.now();
    const pairs = await Promise.all(['poison-a', 'poison-b', 'poison-c', 'poison-d'].map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const owner = await client('poison-user');
    const first = await Promise.all(pairs.slice(0, 2).map(({ socket, id }) => queueReport(socket, id)));
    const poisonId = `poison-${Date.now()}`;
    await putUnclaimable(poisonId, 'poison-user', await liveConnectionOf('poison-user'), 'poison-1');
    const last = await Promise.all(pairs.slice(2).map(({ socket, id }) => queueReport(socket, id)));

    const records = await settled([...first, ...last]);
    expect(records.map((r) => [r.status, r.attempts])).toEqual(records.map(() => ['completed', 1]));
    await waitFor(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);

    await expectFailedAndReported(owner, 'poison-user', poisonId, 'poison-1');
    outcome['streamPoison'] = {
      neighbours: records.length,
      neighboursCompleted: records.filter((r) => r.status === 'completed').length,
      poisonFailedWith: 'INTERNAL_ERROR',
      msToClientError: Date.now() - startedAt,
    };
  });

  it('fails a request whose retry message is dead-lettered with INTERNAL_ERROR, parks retry messages that name no request, and real retries complete', async () => {
    const startedAt = Date.now();
    const pairs = await Promise.all(['retry-a', 'retry-b', 'retry-c'].map(async (user) => ({ socket: await client(user), id: `${user}-1` })));
    const owner = await client('retry-user');
    const acks = await Promise.all(pairs.map(({ socket, id }) => socket.call({ id, action: 'flaky', payload: { failures: 1 } })));
    const requestIds = acks.map((ack) => (ack.type === 'ack' ? ack.requestId : ''));
    // `processing` with an expired lease: the stream's filter passes no INSERT of it, only the retry queue
    // carries it, and every claim of it fails.
    const poisonId = `retry-poison-${Date.now()}`;
    await putUnclaimable(poisonId, 'retry-user', await liveConnectionOf('retry-user'), 'retry-poison-1', { status: 'processing', leaseExpiresAt: Date.now() - 1_000 });
    await queues.send(stack.queues.retry.url, JSON.stringify({ requestId: poisonId }));
    await queues.send(stack.queues.retry.url, 'this is not JSON');
    await queues.send(stack.queues.retry.url, JSON.stringify({ requestId: 'has spaces, not an id' }));

    const records = await settled(requestIds);
    expect(records.map((r) => [r.status, r.attempts])).toEqual(records.map(() => ['completed', 2]));
    await waitFor(() => pairs.every(({ socket, id }) => terminal(socket, id).length > 0) || undefined, 'the results on the sockets', 15_000);
    expectOneResultEach(pairs);

    await expectFailedAndReported(owner, 'retry-user', poisonId, 'retry-poison-1');
    const parked: string[] = [];
    await waitFor(async () => {
      parked.push(...(await queues.drain(stack.queues.parked.url)));
      return parked.length >= 2 || undefined;
    }, 'the parked queue to receive both unresolvable messages', 40_000, 250);
    expect(parked.sort()).toEqual([JSON.stringify({ requestId: 'has spaces, not an id' }), 'this is not JSON'].sort());
    outcome['retryPoison'] = {
      neighbours: records.length,
      neighboursCompleted: records.filter((r) => r.status === 'completed').length,
      poisonFailedWith: 'INTERNAL_ERROR',
      msToClientError: Date.now() - startedAt,
      parkedMessages: parked.length,
    };
  });
});
