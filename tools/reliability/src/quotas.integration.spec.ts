// Scenario — quotas over the wire, and one tenant's flood not starving another. The stack runs with
// small limits: 3 connections per user, 2 jobs per user, 200 frames per second per tenant and 6 for the
// flooding tenant (its QUOTA_TENANT_OVERRIDES entry). A fourth
// socket of a user is refused at the handshake with 429 and its reason (a `StreamerClient` gets a typed
// RATE_LIMITED error), and admitted once one of the three has closed ($disconnect gave its place back);
// a third concurrent job is answered RATE_LIMITED with `retryAfterMs`. Then a flooding tenant's 6
// sockets (2 users) offer 18 `generate_report` jobs/s for 3 s while 3 clients of another tenant keep sending
// echo requests one after another: every one of the quiet tenant's requests completes, none is refused,
// and the flood is refused by its own tenant's window and its users' job quota. Latencies are recorded (the quiet tenant's p50/p99
// before and during the flood), not asserted.
import { StreamerClient, StreamerError } from '@streamer/client';
import type { LocalStack } from '@streamer/local-stack';
import { sleep } from '@streamer/kernel';
import { waitFor } from '@streamer/kernel/testing';
import { WebSocket } from 'ws';
import { handshake } from './test-support/handshake';
import { recordOutcome } from './test-support/outcomes';
import { startStack } from './test-support/stack';

/** The flooding tenant's frames per second (its override); every other tenant has 200. */
const TENANT_RATE = 6;
const FLOOD_SOCKETS = 6;
/**
 * Each flood socket sends a job this often: 3/s, within its own connection's bucket (20/s, burst 40),
 * 18/s from the tenant (3× its rate) — kept under what the local stack's one process answers on 2 shared cores, so
 * the quiet tenant measures the quotas rather than the emulator's CPU.
 */
const FLOOD_INTERVAL_MS = 333;
const FLOOD_MS = 3_000;
const QUIET_CLIENTS = 3;
/**
 * A quiet client sends at most one request per this many ms (≤ 16.7/s): inside its connection's bucket
 * (20/s) and, with 3 clients, far inside its tenant's 200/s, however fast the machine answers.
 */
const QUIET_PACE_MS = 60;

let stack: LocalStack;
const clients: StreamerClient[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  stack = await startStack({
    env: {
      QUOTA_CONNECTIONS_PER_USER: '3',
      QUOTA_CONNECTIONS_PER_TENANT: '20',
      QUOTA_JOBS_PER_USER: '2',
      QUOTA_REQUESTS_PER_SECOND_PER_TENANT: '200',
      QUOTA_TENANT_OVERRIDES: JSON.stringify({ 'tenant-flood': { requestsPerSecondPerTenant: TENANT_RATE } }),
      REPORT_STEP: '200ms',
    },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const ws of sockets) ws.terminate();
  await stack?.stop();
});

async function client(user: string, tenant: string): Promise<StreamerClient> {
  const created = new StreamerClient(stack.wsUrl, { token: await stack.token(user, tenant), WebSocket, heartbeatMs: 0, reconnect: false });
  clients.push(created);
  return created;
}

async function open(user: string, tenant: string): Promise<WebSocket> {
  const outcome = await handshake(stack.wsUrl, await stack.token(user, tenant), 'query');
  if (!outcome.opened) throw new Error(`handshake refused: ${outcome.status} ${outcome.body}`);
  sockets.push(outcome.ws);
  return outcome.ws;
}

const outcome: Record<string, unknown> = {};

describe('quotas over the wire', () => {
  it('refuses a user\'s fourth socket with 429 and the reason, and admits it once one closed', async () => {
    const first = await open('alice', 'tenant-quota');
    await open('alice', 'tenant-quota');
    await open('alice', 'tenant-quota');
    const refused = await handshake(stack.wsUrl, await stack.token('alice', 'tenant-quota'), 'query');
    expect(refused).toEqual({ opened: false, status: 429, body: JSON.stringify({ code: 'RATE_LIMITED', reason: 'user-connections' }) });
    const typed = await client('alice', 'tenant-quota');
    const error = await typed.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamerError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect((await handshake(stack.wsUrl, await stack.token('bob', 'tenant-quota'), 'query')).opened).toBe(true);

    first.close();
    // $disconnect runs when the socket has closed; its release frees the place.
    const admitted = await waitFor(async () => {
      const again = await handshake(stack.wsUrl, await stack.token('alice', 'tenant-quota'), 'query');
      if (again.opened) sockets.push(again.ws);
      return again.opened ? again : undefined;
    }, 'a place for alice after one of her sockets closed');
    expect(admitted.opened).toBe(true);
  });

  it('answers a user\'s third concurrent job RATE_LIMITED with retryAfterMs, and takes jobs again once they end', async () => {
    const ws = await open('carol', 'tenant-jobs');
    const replies: { id?: string; type: string; error?: { code: string; retryAfterMs?: number } }[] = [];
    ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as (typeof replies)[number]));
    for (const id of ['j1', 'j2', 'j3']) ws.send(JSON.stringify({ id, action: 'generate_report', payload: { recordCount: 5000 } }));
    const answers = await waitFor(() => {
      const first = replies.filter((r) => r.type === 'ack' || r.type === 'error');
      return first.length >= 3 ? first : undefined;
    }, 'an answer to each of the three jobs');
    // Frames of one socket run concurrently: whichever came last is the one refused, exactly one.
    expect(answers.filter((r) => r.type === 'ack')).toHaveLength(2);
    expect(answers.filter((r) => r.type === 'error')).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1000 }) }),
    ]);
    await waitFor(() => replies.filter((r) => r.type === 'result').length >= 2, 'both jobs to finish');
    const carol = await client('carol', 'tenant-jobs');
    await carol.connect();
    await expect(carol.request('generate_report', { recordCount: 5000 })).resolves.toBeDefined();
  });
});

/** Nearest-rank percentile of `values` (ms). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Quiet clients send echo requests one after another, paced, until `stop`; every latency and failure is kept. */
async function quietLoad(quiet: StreamerClient[], stop: () => boolean): Promise<{ latencies: number[]; failures: unknown[] }> {
  const latencies: number[] = [];
  const failures: unknown[] = [];
  await Promise.all(
    quiet.map(async (c, index) => {
      for (let n = 0; !stop(); n += 1) {
        const sent = performance.now();
        try {
          await c.request('echo', { index, n });
          latencies.push(performance.now() - sent);
        } catch (error) {
          failures.push(error);
        }
        const pause = sent + QUIET_PACE_MS - performance.now();
        if (pause > 0) await sleep(pause);
      }
    }),
  );
  return { latencies, failures };
}

describe('flood isolation', () => {
  it('keeps every request of a quiet tenant answered while another tenant floods, refusing the flood by its tenant window', async () => {
    const quiet = await Promise.all(Array.from({ length: QUIET_CLIENTS }, (_, i) => client(`quiet-${i}`, 'tenant-quiet')));
    await Promise.all(quiet.map((c) => c.connect()));
    const baselineEnd = Date.now() + 1_500;
    const baseline = await quietLoad(quiet, () => Date.now() > baselineEnd);

    const flood = await Promise.all(Array.from({ length: FLOOD_SOCKETS }, (_, i) => open(`flood-${i % 2}`, 'tenant-flood')));
    const replies = { acked: 0, rateLimited: 0, otherErrors: 0 };
    const answeredAt: number[] = [];
    for (const ws of flood) {
      ws.on('message', (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { type: string; error?: { code: string } };
        if (reply.type !== 'ack' && reply.type !== 'error') return; // progress and results of admitted jobs
        answeredAt.push(Date.now());
        if (reply.type === 'ack') replies.acked += 1;
        else if (reply.error?.code === 'RATE_LIMITED') replies.rateLimited += 1;
        else replies.otherErrors += 1;
      });
    }
    let sent = 0;
    const timers = flood.map((ws, i) =>
      setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        ws.send(JSON.stringify({ id: `f-${i}-${sent}`, action: 'generate_report', payload: { recordCount: 5000 } }));
        sent += 1;
      }, FLOOD_INTERVAL_MS),
    );
    const floodEnd = Date.now() + FLOOD_MS;
    const during = await quietLoad(quiet, () => Date.now() > floodEnd);
    for (const timer of timers) clearInterval(timer);
    await waitFor(() => replies.acked + replies.rateLimited + replies.otherErrors >= sent, 'an answer to every flood frame', 20_000);
    const answeringSeconds = ((answeredAt.at(-1) ?? 0) - (answeredAt[0] ?? 0)) / 1000;

    Object.assign(outcome, {
      tenantRatePerSecond: TENANT_RATE,
      quiet: {
        clients: QUIET_CLIENTS,
        baseline: { requests: baseline.latencies.length, failures: baseline.failures.length, p50Ms: percentile(baseline.latencies, 50), p99Ms: percentile(baseline.latencies, 99) },
        duringFlood: { requests: during.latencies.length, failures: during.failures.length, p50Ms: percentile(during.latencies, 50), p99Ms: percentile(during.latencies, 99) },
      },
      flood: { sockets: FLOOD_SOCKETS, durationMs: FLOOD_MS, jobsSent: sent, answeringSeconds, ...replies },
    });
    recordOutcome('quotas', outcome);

    expect(baseline.failures).toEqual([]);
    expect(during.failures).toEqual([]);
    expect(during.latencies.length).toBeGreaterThan(QUIET_CLIENTS);
    expect(replies.otherErrors).toBe(0);
    expect(replies.acked + replies.rateLimited).toBe(sent);
    expect(replies.rateLimited).toBeGreaterThan(sent / 2);
    // Each of the 2 flooding users has at most 2 jobs queued or running; a job runs 10 steps of 200 ms.
    expect(replies.acked).toBeLessThanOrEqual(2 * 2 * (Math.ceil(answeringSeconds / 2) + 1));
  });
});
