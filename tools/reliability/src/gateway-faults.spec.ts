// Scenario 3 — faults, nothing lost. The management API answers 20 % of calls with an injected fault
// (500, 503, 429 and 410 mixed, seeded; an injected 410 also drops that socket, as API Gateway drops a
// gone connection). 50 clients subscribe to a topic and send 4 queued reports each (200 requests)
// while the test publishes broadcasts to the topic through the connection manager. Then:
// - every accepted request reaches a terminal state in the table;
// - every client whose socket lived receives exactly one terminal message per request;
// - every client whose socket was dropped reconnects and gets each outcome through `status` (or the
//   terminal message once `status` has moved the request to its new socket), re-sending a request
//   whose ack it never saw under the same id (idempotent);
// - no socket receives a broadcast twice, and every live socket gets every broadcast unless the
//   manager reported that delivery as failed.
import type { BroadcastResult } from '@streamer/connection-manager';
import type { LocalStack } from '@streamer/local-stack';
import type { EventMessage, ProgressMessage, ServerMessage } from '@streamer/protocol';
import { type RequestRecord, TERMINAL_STATUSES } from '@streamer/store';
import { recordOutcome } from './test-support/outcomes';
import { Publisher } from './soak/publisher';
import { callWithRetry, isRateLimited } from './test-support/resilient-call';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { mapLimit, waitUntil } from './test-support/wait';
import { WireClient } from './test-support/wire-client';

const FAULTS = '500:0.07,503:0.04,429:0.06,410:0.03';
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 4;
const BROADCASTS = 10;
const TENANT = 'tenant-faults';
const TOPIC = 'news';

interface Frame {
  id: string;
  action: string;
  payload: { recordCount: number };
}

interface Client {
  user: string;
  sockets: WireClient[];
  frames: Frame[];
  /** requestId by client id, from an ack. */
  requestIds: Map<string, string>;
  /** Terminal states read through `status`, by client id. */
  fetched: Map<string, string>;
}

let stack: LocalStack;
let tables: Tables;
const clients: Client[] = [];
const broadcasts: { seq: number; result: BroadcastResult }[] = [];

beforeAll(async () => {
  stack = await startStack({ faults: FAULTS, faultSeed: 1010, env: { REPORT_STEP: '30ms', RETRY_DELAY: '1s' } });
  tables = new Tables(stack);
});

afterAll(async () => {
  await Promise.all(clients.flatMap((c) => c.sockets).map((s) => s.close()));
  tables?.close();
  await stack?.stop();
});

const first = (c: Client): WireClient => c.sockets[0] as WireClient;
const lived = (c: Client): boolean => first(c).isOpen;
/** A request's outcome: its result, or an error other than a RATE_LIMITED refusal of one copy of the frame. */
const isTerminal = (m: ServerMessage): boolean => m.type === 'result' || (m.type === 'error' && !isRateLimited(m));
const terminalStatus = (status: string | undefined): boolean => (TERMINAL_STATUSES as readonly string[]).includes(status ?? '');

function terminalFrames(c: Client, id: string): ServerMessage[] {
  return c.sockets.flatMap((s) => s.framesFor(id).filter(isTerminal));
}

function known(c: Client, id: string): boolean {
  return terminalFrames(c, id).length > 0 || terminalStatus(c.fetched.get(id));
}

async function newClient(index: number): Promise<Client> {
  const user = `user-${String(index).padStart(2, '0')}`;
  const frames = Array.from({ length: REQUESTS_PER_CLIENT }, (_, k) => ({
    id: `${user}-r${k}`,
    action: 'generate_report',
    payload: { recordCount: 1_001 + index * 10 + k },
  }));
  const client: Client = { user, sockets: [], frames, requestIds: new Map(), fetched: new Map() };
  client.sockets.push(await WireClient.open(stack.wsUrl, await stack.token(user, TENANT)));
  return client;
}

async function subscribe(client: Client): Promise<void> {
  await callWithRetry(first(client), { id: `${client.user}-sub`, action: 'subscribe', payload: { topic: TOPIC } });
}

/** One request after the other: send it, wait (re-sending on silence) for its ack, then for its outcome. */
async function run(client: Client): Promise<void> {
  const socket = first(client);
  for (const frame of client.frames) {
    if (!socket.isOpen) return;
    await ask(client, socket, frame);
    await socket.until(() => (known(client, frame.id) || !socket.isOpen ? true : undefined), 15_000);
  }
}

async function ask(client: Client, socket: WireClient, frame: Frame): Promise<void> {
  const reply = await callWithRetry(socket, frame);
  if (reply?.type === 'ack') client.requestIds.set(frame.id, reply.requestId);
}

/**
 * A dropped client reconnects (a new socket whenever the last one is gone, at most 10) until every
 * request's outcome is known: unacked requests are re-sent, then each is asked for through `status`;
 * one still running has moved to this socket, so its terminal message is awaited there.
 */
async function recover(client: Client): Promise<void> {
  for (let round = 0; round < 10 && client.frames.some((f) => !known(client, f.id)); round += 1) {
    let socket = client.sockets[client.sockets.length - 1] as WireClient;
    if (!socket.isOpen) {
      socket = await WireClient.open(stack.wsUrl, await stack.token(client.user, TENANT));
      client.sockets.push(socket);
    }
    for (const frame of client.frames.filter((f) => !known(client, f.id))) {
      if (!client.requestIds.has(frame.id)) await ask(client, socket, frame);
      const requestId = client.requestIds.get(frame.id);
      if (requestId === undefined) continue;
      const reply = await callWithRetry(socket, { id: `${frame.id}-st${round}`, action: 'status', payload: { requestId } });
      if (reply?.type === 'result') client.fetched.set(frame.id, (reply.data as { status: string }).status);
      if (!known(client, frame.id)) await socket.until(() => (known(client, frame.id) || !socket.isOpen ? true : undefined), 10_000);
    }
  }
}

/**
 * Publishes `seq` to the topic. The publisher's keep-alive pool is opened by the first broadcast,
 * before the load: the stack runs in this one process, which under the load of the reports accepts
 * new TCP connections slowly, and a cold pool of 50 fresh connections can exceed the gateway's 5 s
 * request timeout (see docs/reliability.md).
 */
async function publish(publisher: Publisher, seq: number): Promise<void> {
  const result = await publisher.broadcast({ tenantId: TENANT, topic: TOPIC }, { type: 'event', topic: TOPIC, data: { seq } });
  broadcasts.push({ seq, result });
}

async function publishDuringRun(publisher: Publisher): Promise<void> {
  for (let seq = 1; seq < BROADCASTS; seq += 1) {
    await publish(publisher, seq);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ownRequests(): Promise<RequestRecord[]> {
  return (await tables.requests()).filter((r) => r.tenantId === TENANT);
}

function events(socket: WireClient, seq: number): EventMessage[] {
  return socket.messages().filter((m): m is EventMessage => m.type === 'event' && (m.data as { seq?: number }).seq === seq);
}

/**
 * Progress is sent in increasing order. A frame whose POST timed out may still be delivered after the
 * retry that replaced it (at least once, as API Gateway's management API is), so a late copy of a
 * value already received is set aside; every value seen for the first time must not go backwards.
 */
function firstSeenProgress(frames: ServerMessage[]): { values: number[]; lateCopies: number } {
  const all = frames.filter((m): m is ProgressMessage => m.type === 'progress').map((m) => m.progress);
  const values = all.filter((value, index) => all.indexOf(value) === index);
  return { values, lateCopies: all.length - values.length };
}

function expectMonotonicProgress(frames: ServerMessage[]): void {
  const { values } = firstSeenProgress(frames);
  expect(values).toEqual([...values].sort((a, b) => a - b));
}

describe(`${CLIENTS} clients under ${FAULTS} management-API faults`, () => {
  let stored: RequestRecord[] = [];
  let lostOnLiveSockets: string[] = [];

  beforeAll(async () => {
    clients.push(...(await mapLimit(Array.from({ length: CLIENTS }, (_, i) => i), 10, newClient)));
    await Promise.all(clients.map(subscribe));
    const publisher = new Publisher(stack);
    try {
      await publish(publisher, 0);
      const running = Promise.all(clients.map(run));
      const acks = (): number => clients.reduce((n, c) => n + c.requestIds.size, 0);
      await waitUntil(() => acks() >= CLIENTS || undefined, 'the first acks', 30_000, 50);
      await Promise.all([running, publishDuringRun(publisher)]);
    } finally {
      await publisher.close();
    }

    await mapLimit(clients.filter((c) => !lived(c)), 10, recover);
    const live = clients.filter(lived);
    const allKnown = (): boolean => live.every((c) => c.frames.every((f) => terminalFrames(c, f.id).length > 0));
    await waitUntil(() => allKnown() || undefined, 'the terminal messages on live sockets', 30_000, 100).catch(() => undefined);
    lostOnLiveSockets = live.flatMap((c) => c.frames.filter((f) => terminalFrames(c, f.id).length === 0).map((f) => f.id));
    // A socket that dropped while its client was still waiting: recover that client too.
    await mapLimit(clients.filter((c) => !lived(c) && c.frames.some((f) => !known(c, f.id))), 10, recover);
    stored = await waitUntil(async () => {
      const requests = await ownRequests();
      return requests.length >= CLIENTS * REQUESTS_PER_CLIENT && requests.every((r) => terminalStatus(r.status)) ? requests : undefined;
    }, 'every accepted request to settle', 60_000, 500);

    const dropped = clients.filter((c) => !lived(c));
    recordOutcome('gateway-faults', {
      faults: FAULTS,
      clients: CLIENTS,
      requestsSent: CLIENTS * REQUESTS_PER_CLIENT,
      requestsAccepted: stored.length,
      requestsTerminal: stored.filter((r) => terminalStatus(r.status)).length,
      byStatus: countBy(stored.map((r) => r.status)),
      clientsWhoseSocketLived: live.length,
      clientsDropped: dropped.length,
      reconnects: dropped.reduce((n, c) => n + c.sockets.length - 1, 0),
      terminalMessagesOnLiveSockets: live.reduce((n, c) => n + c.frames.reduce((m, f) => m + terminalFrames(c, f.id).length, 0), 0),
      lostOnLiveSockets,
      duplicateTerminalMessages: clients.flatMap((c) => c.frames.filter((f) => terminalFrames(c, f.id).length > 1).map((f) => ({ id: f.id, lived: lived(c), frames: c.sockets.map((s) => s.framesFor(f.id).map((m) => m.type)) }))),
      unknownOutcomes: clients.flatMap((c) => c.frames.filter((f) => !known(c, f.id)).map((f) => ({ id: f.id, lived: lived(c), fetched: c.fetched.get(f.id), frames: c.sockets.map((s) => s.framesFor(f.id).map((m) => m.type)) }))),
      lateProgressCopies: clients.reduce((n, c) => n + c.frames.reduce((m, f) => m + c.sockets.reduce((k, s) => k + firstSeenProgress(s.framesFor(f.id)).lateCopies, 0), 0), 0),
      rateLimitedReplies: clients.flatMap((c) => c.sockets).reduce((n, s) => n + s.messages().filter(isRateLimited).length, 0),
      droppedClientOutcomes: {
        terminalMessageOnAnySocket: dropped.reduce((n, c) => n + c.frames.filter((f) => terminalFrames(c, f.id).length > 0).length, 0),
        terminalStatusThroughStatusOnly: dropped.reduce((n, c) => n + c.frames.filter((f) => terminalFrames(c, f.id).length === 0 && terminalStatus(c.fetched.get(f.id))).length, 0),
      },
      broadcasts: broadcasts.map(({ seq, result }) => ({ seq, sent: result.sent, gone: result.gone, failed: result.failedCount, receivedBy: clients.flatMap((c) => c.sockets).filter((s) => events(s, seq).length > 0).length })),
      management: stack.managementStats(),
    });
  });

  it('accepts every request and brings each to a terminal state in the table (completed, with its result)', () => {
    expect(stored).toHaveLength(CLIENTS * REQUESTS_PER_CLIENT);
    const sent = new Set(clients.flatMap((c) => c.frames.map((f) => `${c.user}/${f.id}`)));
    expect(new Set(stored.map((r) => `${r.userId}/${r.clientId}`))).toEqual(sent);
    for (const request of stored) {
      expect(request).toMatchObject({ status: 'completed', attempts: 1, result: { recordCount: (request.payload as { recordCount: number }).recordCount } });
    }
  });

  it('dropped some sockets and kept others, and injected every kind of fault', () => {
    expect(clients.filter(lived).length).toBeGreaterThan(0);
    expect(clients.filter((c) => !lived(c)).length).toBeGreaterThan(0);
    expect(Object.keys(stack.managementStats().injectedFaults).sort()).toEqual(['410', '429', '500', '503']);
  });

  it('gives every client whose socket lived exactly one terminal message per request', () => {
    expect(lostOnLiveSockets).toEqual([]);
    for (const client of clients.filter(lived)) {
      for (const frame of client.frames) expect(terminalFrames(client, frame.id)).toEqual([expect.objectContaining({ type: 'result', success: true })]);
    }
  });

  it('lets every dropped client learn each outcome after reconnecting, never with two terminal messages', () => {
    for (const client of clients) {
      for (const frame of client.frames) {
        expect(known(client, frame.id)).toBe(true);
        expect(terminalFrames(client, frame.id).length).toBeLessThanOrEqual(1);
        for (const socket of client.sockets) expectMonotonicProgress(socket.framesFor(frame.id));
      }
    }
  });

  it('delivers each broadcast at most once per socket, and to every live socket unless reported failed', () => {
    expect(broadcasts).toHaveLength(BROADCASTS);
    const sockets = clients.flatMap((c) => c.sockets);
    const liveSockets = clients.filter(lived).map(first);
    for (const { seq, result } of broadcasts) {
      for (const socket of sockets) expect(events(socket, seq).length).toBeLessThanOrEqual(1);
      expect(sockets.filter((s) => events(s, seq).length > 0).length).toBeLessThanOrEqual(result.sent);
      expect(liveSockets.filter((s) => events(s, seq).length === 0).length).toBeLessThanOrEqual(result.failedCount);
    }
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
