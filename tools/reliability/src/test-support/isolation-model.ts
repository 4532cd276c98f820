// The tenant-isolation model shared by the in-memory and the over-the-wire suites: commands random
// users of several tenants can issue (the same user names in every tenant, names holding '#',
// colliding client ids, same-named topics, anyone's request ids), a runner that checks each reply as
// it comes, and the invariants over everything every socket received.
import fc from 'fast-check';
import type { ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';

export const TENANTS = ['acme', 'globex', 'acme#globex'];
export const USERS = ['alice', 'bob', 'alice#bob'];
export const TOPICS = ['news', 'alerts'];

export interface ModelSocket {
  /** Unique per socket within a run. */
  key: string;
  tenantId: string;
  userId: string;
  readonly open: boolean;
  readonly received: readonly ServerMessage[];
}

/** What a run drives: the same operations on in-memory libs or on the local stack over the wire. */
export interface IsolationSystem {
  connect(tenantId: string, userId: string): Promise<ModelSocket>;
  disconnect(socket: ModelSocket): Promise<void>;
  /** Sends a frame and resolves with its reply. */
  send(socket: ModelSocket, frame: { id: string; action: string; payload?: object }): Promise<ServerMessage>;
  /** Until every queued request has settled and every message sent so far has arrived. */
  settle(): Promise<void>;
  broadcast(tenantId: string, topic: string | undefined, data: object): Promise<void>;
  request(requestId: string): Promise<RequestRecord | undefined>;
  sockets(): ModelSocket[];
}

export type Action = 'echo' | 'report' | 'sync-report' | 'flaky';

export type Command =
  | { kind: 'connect'; tenant: number; user: number }
  | { kind: 'disconnect'; socket: number }
  | { kind: 'request'; socket: number; action: Action; clientId: string }
  | { kind: 'subscribe' | 'unsubscribe'; socket: number; topic: string }
  | { kind: 'broadcast'; tenant: number; topic: string | undefined }
  | { kind: 'status' | 'cancel'; socket: number; target: number }
  | { kind: 'settle' };

const index = fc.nat(50);

export const connectCommand: fc.Arbitrary<Command> = fc.record({ kind: fc.constant('connect' as const), tenant: fc.nat(TENANTS.length - 1), user: fc.nat(USERS.length - 1) });

export const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: connectCommand, weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('disconnect' as const), socket: index }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      socket: index,
      action: fc.constantFrom<Action>('echo', 'report', 'sync-report', 'flaky'),
      clientId: fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4'),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('subscribe' as const, 'unsubscribe' as const), socket: index, topic: fc.constantFrom(...TOPICS) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('broadcast' as const), tenant: fc.nat(TENANTS.length - 1), topic: fc.option(fc.constantFrom(...TOPICS), { nil: undefined }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constantFrom('status' as const, 'cancel' as const), socket: index, target: index }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'settle' as const }), weight: 2 },
);

export interface IsolationTally {
  runs: number;
  commands: number;
  messagesChecked: number;
  acksChecked: number;
  foreignStatusAsks: number;
  foreignCancelAsks: number;
  broadcasts: number;
  eventsDelivered: number;
  sameIdOtherTenant: number;
}

export function newTally(): IsolationTally {
  return { runs: 0, commands: 0, messagesChecked: 0, acksChecked: 0, foreignStatusAsks: 0, foreignCancelAsks: 0, broadcasts: 0, eventsDelivered: 0, sameIdOtherTenant: 0 };
}

const BUILT_IN_IDS = new Set(['s-news', 's-alerts', 'status-q', 'cancel-q']);
const TERMINAL = ['completed', 'failed', 'cancelled'];

export class IsolationRun {
  private readonly sockets: ModelSocket[] = [];
  private readonly requestIds: string[] = [];
  /** Client ids each principal has sent. */
  private readonly sentIds = new Map<string, Set<string>>();
  /** Topics each socket is subscribed to now. */
  private readonly subscribed = new Map<string, Set<string>>();
  /** Sockets each broadcast must reach. */
  private readonly expectedRecipients = new Map<number, Set<string>>();
  private nonce = 0;

  constructor(
    private readonly system: IsolationSystem,
    private readonly tally: IsolationTally,
  ) {}

  async step(cmd: Command): Promise<void> {
    this.tally.commands += 1;
    if (cmd.kind === 'connect') return this.connect(TENANTS[cmd.tenant] as string, USERS[cmd.user] as string);
    if (cmd.kind === 'settle') return this.system.settle();
    if (cmd.kind === 'broadcast') return this.broadcast(TENANTS[cmd.tenant] as string, cmd.topic);
    const socket = this.pick(cmd.socket);
    if (!socket) return;
    if (cmd.kind === 'disconnect') {
      await this.system.disconnect(socket);
      this.subscribed.get(socket.key)?.clear();
    } else if (cmd.kind === 'subscribe' || cmd.kind === 'unsubscribe') await this.subscription(socket, cmd.kind, cmd.topic);
    else if (cmd.kind === 'request') await this.request(socket, cmd.action, cmd.clientId);
    else if (cmd.kind === 'status' || cmd.kind === 'cancel') await this.ask(socket, cmd.kind, cmd.target);
  }

  /** The invariants over everything every socket received, once everything has settled. */
  async verify(): Promise<void> {
    await this.system.settle();
    for (const socket of this.system.sockets()) {
      for (const message of socket.received) await this.checkMessage(socket, message);
    }
    for (const [nonce, expected] of this.expectedRecipients) {
      const reached = this.system.sockets().filter((s) => s.received.some((m) => m.type === 'event' && (m.data as { nonce?: number }).nonce === nonce));
      this.tally.eventsDelivered += reached.length;
      expect(new Set(reached.map((s) => s.key))).toEqual(expected);
    }
    for (const requestId of this.requestIds) expect(TERMINAL).toContain((await this.system.request(requestId))?.status);
  }

  private async connect(tenantId: string, userId: string): Promise<void> {
    const socket = await this.system.connect(tenantId, userId);
    this.sockets.push(socket);
    this.subscribed.set(socket.key, new Set());
  }

  private pick(n: number): ModelSocket | undefined {
    const open = this.sockets.filter((s) => s.open);
    return open.length === 0 ? undefined : open[n % open.length];
  }

  private async subscription(socket: ModelSocket, kind: 'subscribe' | 'unsubscribe', topic: string): Promise<void> {
    const reply = await this.system.send(socket, { id: `s-${topic}`, action: kind, payload: { topic } });
    expect(reply).toMatchObject({ type: 'result', data: { topic, subscribed: kind === 'subscribe' } });
    const topics = this.subscribed.get(socket.key) as Set<string>;
    if (kind === 'subscribe') topics.add(topic);
    else topics.delete(topic);
  }

  private async request(socket: ModelSocket, action: Action, clientId: string): Promise<void> {
    const owner = principal(socket);
    if ([...this.sentIds.entries()].some(([p, ids]) => p !== owner && p.endsWith(`/${socket.userId}`) && ids.has(clientId))) this.tally.sameIdOtherTenant += 1;
    const ids = this.sentIds.get(owner) ?? new Set<string>();
    ids.add(clientId);
    this.sentIds.set(owner, ids);
    const reply = await this.system.send(socket, frameFor(action, clientId, owner));
    if (reply.type !== 'ack') return;
    // The acked request is the sender's own, stored under the id it sent (never another user's).
    this.tally.acksChecked += 1;
    const stored = await this.system.request(reply.requestId);
    expect({ tenantId: stored?.tenantId, userId: stored?.userId, clientId: stored?.clientId }).toEqual({ tenantId: socket.tenantId, userId: socket.userId, clientId });
    if (!this.requestIds.includes(reply.requestId)) this.requestIds.push(reply.requestId);
  }

  /** `status` / `cancel` with any known request id: the caller's own answers, anyone else's is NOT_FOUND and untouched. */
  private async ask(socket: ModelSocket, kind: 'status' | 'cancel', target: number): Promise<void> {
    const requestId = this.requestIds.length === 0 ? 'no-such-request' : (this.requestIds[target % this.requestIds.length] as string);
    const before = await this.system.request(requestId);
    const own = before !== undefined && before.tenantId === socket.tenantId && before.userId === socket.userId;
    const reply = await this.system.send(socket, { id: `${kind}-q`, action: kind, payload: { requestId } });
    if (own) {
      expect(reply).toMatchObject({ type: 'result', data: { requestId } });
      return;
    }
    if (kind === 'status') this.tally.foreignStatusAsks += 1;
    else this.tally.foreignCancelAsks += 1;
    expect(reply).toEqual({ id: `${kind}-q`, type: 'error', success: false, error: { code: 'NOT_FOUND', message: expect.any(String), retryable: false } });
    const after = await this.system.request(requestId);
    expect(after?.connectionId).toBe(before?.connectionId);
    if (after?.status === 'cancelled') expect(before?.status).toBe('cancelled');
  }

  private async broadcast(tenantId: string, topic: string | undefined): Promise<void> {
    this.tally.broadcasts += 1;
    const nonce = ++this.nonce;
    const expected = this.sockets.filter((s) => s.open && s.tenantId === tenantId && (topic === undefined || this.subscribed.get(s.key)?.has(topic)));
    this.expectedRecipients.set(nonce, new Set(expected.map((s) => s.key)));
    await this.system.broadcast(tenantId, topic, { nonce, tenantId, topic: topic ?? null });
  }

  private async checkMessage(socket: ModelSocket, message: ServerMessage): Promise<void> {
    this.tally.messagesChecked += 1;
    const owner = principal(socket);
    if (message.type === 'event') {
      expect((message.data as { tenantId: string }).tenantId).toBe(socket.tenantId);
      return;
    }
    if (message.type === 'pong') return;
    if (message.id !== null && !BUILT_IN_IDS.has(message.id)) expect(this.sentIds.get(owner)?.has(message.id)).toBe(true);
    for (const requestId of requestIdsIn(message)) {
      const stored = await this.system.request(requestId);
      expect(stored && principal(stored)).toBe(owner);
    }
    if (message.type !== 'result' || !isRecord(message.data)) return;
    const { owner: echoed, url } = message.data;
    if (typeof echoed === 'string') expect(echoed).toBe(owner);
    // A report URL names its tenant; a queued report's request id is checked above through ack/progress.
    if (typeof url === 'string') expect(url.startsWith(`https://reports.example.com/${encodeURIComponent(socket.tenantId)}/`)).toBe(true);
  }
}

function frameFor(action: Action, clientId: string, owner: string): { id: string; action: string; payload: object } {
  if (action === 'echo') return { id: clientId, action: 'echo', payload: { owner } };
  if (action === 'flaky') return { id: clientId, action: 'flaky', payload: { failures: 1 } };
  return { id: clientId, action: 'generate_report', payload: { recordCount: action === 'report' ? 5_000 : 10 } };
}

function principal(who: { tenantId: string; userId: string }): string {
  return `${who.tenantId}/${who.userId}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stored request ids a message names: acks and progress, and status/cancel results. */
function requestIdsIn(message: ServerMessage): string[] {
  if (message.type === 'ack' || message.type === 'progress') return [message.requestId];
  if (message.type !== 'result' || !isRecord(message.data)) return [];
  const { requestId } = message.data;
  return typeof requestId === 'string' ? [requestId] : [];
}
